package ecosystem

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
)

// RelationType is the type of a directed, typed edge (DOMAIN.md).
type RelationType string

// Relation types. The comment gives the direction.
const (
	RelPartnerIn      RelationType = "PARTNER_IN"      // Organisation → Project | Programme
	RelLeads          RelationType = "LEADS"           // Organisation → Project | Programme
	RelParticipatedIn RelationType = "PARTICIPATED_IN" // Organisation → Project (as a participant, not a partner)
	RelFundedBy       RelationType = "FUNDED_BY"       // Project | Event → Programme | Organisation
	RelOrganised      RelationType = "ORGANISED"       // Organisation → Event
	RelRuns           RelationType = "RUNS"            // Organisation → Organisation
	RelCommissions    RelationType = "COMMISSIONS"     // Organisation → Organisation
	RelFounded        RelationType = "FOUNDED"         // Organisation → Organisation
	RelAttachedTo     RelationType = "ATTACHED_TO"     // Organisation (cooperative) → Organisation (WTZ)
	RelMemberOf       RelationType = "MEMBER_OF"       // Organisation → Organisation (federation)
	RelBranchOf       RelationType = "BRANCH_OF"       // Organisation → Organisation
	RelCooperatesWith RelationType = "COOPERATES_WITH" // Organisation → Organisation
	RelAttended       RelationType = "ATTENDED"        // Person | Organisation → Event
	RelSpokeAt        RelationType = "SPOKE_AT"        // Person | Organisation → Event
	RelModerated      RelationType = "MODERATED"       // Person → Event
	RelHosted         RelationType = "HOSTED"          // Organisation → Event
	RelProvidedVenue  RelationType = "PROVIDED_VENUE"  // Organisation → Event
	RelFeaturedAt     RelationType = "FEATURED_AT"     // Organisation → Event (its work presented as an example)
	RelHeldIn         RelationType = "HELD_IN"         // Event → Place
	RelPartOf         RelationType = "PART_OF"         // Event → Event | Project | Programme
	RelShowcased      RelationType = "SHOWCASED"       // Event → Practice
	RelPractises      RelationType = "PRACTISES"       // Organisation → Practice
	RelDeveloped      RelationType = "DEVELOPED"       // Organisation | Project → Practice
	RelRecognised     RelationType = "RECOGNISED"      // Organisation | Programme → Practice
	RelHoldsPosition  RelationType = "HOLDS_POSITION"  // Person → Organisation
	RelAffiliatedWith RelationType = "AFFILIATED_WITH" // Person → Organisation (role not stated)
	RelLocatedIn      RelationType = "LOCATED_IN"      // Organisation | Practice → Place
	RelServesArea     RelationType = "SERVES_AREA"     // Organisation → Place
	RelWithin         RelationType = "WITHIN"          // Place → Place
)

var relationTypes = enum[RelationType]{"RelationType", []RelationType{
	RelPartnerIn, RelLeads, RelParticipatedIn, RelFundedBy, RelOrganised, RelRuns, RelCommissions,
	RelFounded, RelAttachedTo, RelMemberOf, RelBranchOf, RelCooperatesWith, RelAttended, RelSpokeAt,
	RelModerated, RelHosted, RelProvidedVenue, RelFeaturedAt, RelHeldIn, RelPartOf, RelShowcased,
	RelPractises, RelDeveloped, RelRecognised, RelHoldsPosition, RelAffiliatedWith, RelLocatedIn,
	RelServesArea, RelWithin,
}}

// AllRelationTypes lists the relation types in declared order.
func AllRelationTypes() []RelationType { return slices.Clone(relationTypes.values) }

// IsValid reports whether r is a declared relation type.
func (r RelationType) IsValid() bool { return relationTypes.valid(r) }

// endpoints lists, per relation type, which node types may stand at each end.
var endpoints = map[RelationType]struct{ from, to []NodeType }{
	RelPartnerIn:      {[]NodeType{NodeOrganisation}, []NodeType{NodeProject, NodeProgramme}},
	RelLeads:          {[]NodeType{NodeOrganisation}, []NodeType{NodeProject, NodeProgramme}},
	RelParticipatedIn: {[]NodeType{NodeOrganisation}, []NodeType{NodeProject, NodeProgramme}},
	RelFundedBy:       {[]NodeType{NodeProject, NodeEvent}, []NodeType{NodeProgramme, NodeOrganisation}},
	RelOrganised:      {[]NodeType{NodeOrganisation}, []NodeType{NodeEvent}},
	RelRuns:           {[]NodeType{NodeOrganisation}, []NodeType{NodeOrganisation}},
	RelCommissions:    {[]NodeType{NodeOrganisation}, []NodeType{NodeOrganisation}},
	RelFounded:        {[]NodeType{NodeOrganisation}, []NodeType{NodeOrganisation}},
	RelAttachedTo:     {[]NodeType{NodeOrganisation}, []NodeType{NodeOrganisation}},
	RelMemberOf:       {[]NodeType{NodeOrganisation}, []NodeType{NodeOrganisation}},
	RelBranchOf:       {[]NodeType{NodeOrganisation}, []NodeType{NodeOrganisation}},
	RelCooperatesWith: {[]NodeType{NodeOrganisation}, []NodeType{NodeOrganisation}},
	RelAttended:       {[]NodeType{NodePerson, NodeOrganisation}, []NodeType{NodeEvent}},
	RelSpokeAt:        {[]NodeType{NodePerson, NodeOrganisation}, []NodeType{NodeEvent}},
	RelModerated:      {[]NodeType{NodePerson}, []NodeType{NodeEvent}},
	RelHosted:         {[]NodeType{NodeOrganisation}, []NodeType{NodeEvent}},
	RelProvidedVenue:  {[]NodeType{NodeOrganisation}, []NodeType{NodeEvent}},
	RelFeaturedAt:     {[]NodeType{NodeOrganisation}, []NodeType{NodeEvent}},
	RelHeldIn:         {[]NodeType{NodeEvent}, []NodeType{NodePlace}},
	RelPartOf:         {[]NodeType{NodeEvent}, []NodeType{NodeEvent, NodeProject, NodeProgramme}},
	RelShowcased:      {[]NodeType{NodeEvent}, []NodeType{NodePractice}},
	RelPractises:      {[]NodeType{NodeOrganisation}, []NodeType{NodePractice}},
	RelDeveloped:      {[]NodeType{NodeOrganisation, NodeProject}, []NodeType{NodePractice}},
	RelRecognised:     {[]NodeType{NodeOrganisation, NodeProgramme}, []NodeType{NodePractice}},
	RelHoldsPosition:  {[]NodeType{NodePerson}, []NodeType{NodeOrganisation}},
	RelAffiliatedWith: {[]NodeType{NodePerson}, []NodeType{NodeOrganisation}},
	RelLocatedIn:      {[]NodeType{NodeOrganisation, NodePractice}, []NodeType{NodePlace}},
	RelServesArea:     {[]NodeType{NodeOrganisation}, []NodeType{NodePlace}},
	RelWithin:         {[]NodeType{NodePlace}, []NodeType{NodePlace}},
}

// CheckEndpoints reports an error when a relation of type r may not run from a node of type
// from to a node of type to.
func (r RelationType) CheckEndpoints(from, to NodeType) error {
	e, ok := endpoints[r]
	if !ok {
		return fmt.Errorf("unknown relation type %q", r)
	}
	if !slices.Contains(e.from, from) {
		return fmt.Errorf("a %s relation cannot start at a %s (allowed: %v)", r, from.TypeName(), typeNamesOf(e.from))
	}
	if !slices.Contains(e.to, to) {
		return fmt.Errorf("a %s relation cannot end at a %s (allowed: %v)", r, to.TypeName(), typeNamesOf(e.to))
	}
	return nil
}

func typeNamesOf(ts []NodeType) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = t.TypeName()
	}
	return out
}

// Citation ties a fact to the document it comes from.
type Citation struct {
	// Source is the slug of the Source node.
	Source string
	// Locator points into the document, e.g. "¶3" or "p. 67".
	Locator string
	// Note says, in our own words, what the document states.
	Note string
	// Inferred is true when the document implies the fact rather than stating it.
	Inferred bool
}

// Relation is a directed, typed edge with its properties and citations.
type Relation struct {
	ID    string
	Type  RelationType
	From  NodeKey
	To    NodeKey
	Title string // position title (HOLDS_POSITION)
	Topic string // what was presented (SPOKE_AT), discussed (HOSTED) or the role taken
	Count *int   // how many people took part (ATTENDED by an organisation or a group)
	Since *PartialDate
	Until *PartialDate
	// Sources cite the documents that attest the relation; never empty.
	Sources []Citation
}

// RelationID derives the stable id of the relation of type t from one node to another, e.g.
// "hosted-1f0c2b9e4d3a5c67": the type in lower case, then a hash of both ends. One relation of a
// type exists per ordered pair of nodes; repeated mentions add citations to it. The type prefix
// lets a backend find a relation by id through an index on that type alone.
func RelationID(t RelationType, from, to NodeKey) string {
	sum := sha256.Sum256([]byte(string(t) + "|" + from.GlobalID() + "|" + to.GlobalID()))
	return strings.ToLower(string(t)) + "-" + hex.EncodeToString(sum[:8])
}

// RelationTypeOfID returns the relation type an id names, or false when the id is not of the
// form RelationID makes.
func RelationTypeOfID(id string) (RelationType, bool) {
	i := strings.LastIndexByte(id, '-')
	if i <= 0 || len(id)-i-1 != 16 {
		return "", false
	}
	if _, err := hex.DecodeString(id[i+1:]); err != nil {
		return "", false
	}
	t := RelationType(strings.ToUpper(id[:i]))
	return t, t.IsValid()
}

// Other returns the end of r that is not k (k itself for a self-loop).
func (r *Relation) Other(k NodeKey) NodeKey {
	if r.From == k {
		return r.To
	}
	return r.From
}

// Clone returns a deep copy of r.
func (r *Relation) Clone() *Relation {
	c := *r
	c.Count = clonePtr(r.Count)
	c.Since = clonePtr(r.Since)
	c.Until = clonePtr(r.Until)
	c.Sources = slices.Clone(r.Sources)
	return &c
}

// Direction selects relation ends relative to a node.
type Direction string

// Directions.
const (
	DirOut  Direction = "OUT"
	DirIn   Direction = "IN"
	DirBoth Direction = "BOTH"
)

var directions = enum[Direction]{"Direction", []Direction{DirOut, DirIn, DirBoth}}

// IsValid reports whether d is a declared direction.
func (d Direction) IsValid() bool { return directions.valid(d) }

// FromID is the global id of the relation's from end.
func (r *Relation) FromID() string { return r.From.GlobalID() }

// ToID is the global id of the relation's to end.
func (r *Relation) ToID() string { return r.To.GlobalID() }
