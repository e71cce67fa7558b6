package ecosystem

// SearchHit is one ranked result of a search.
type SearchHit struct {
	Node  NodeKey
	Score float64
	// Matched is the name or alias that matched best.
	Matched string
}

// PartnershipKind says how a partnership is evidenced.
type PartnershipKind string

// Partnership kinds: how two organisations are found to have worked together.
const (
	// Both lead or partner in the same project or programme.
	PartnershipSharedProject PartnershipKind = "SHARED_PROJECT"
	// Both organised (or provided the venue for) the same event.
	PartnershipCoOrganisedEvent PartnershipKind = "CO_ORGANISED_EVENT"
	// Both hosted the same event or session.
	PartnershipCoHostedEvent PartnershipKind = "CO_HOSTED_EVENT"
	// One organised an event that the other hosted (the event or one of its sessions).
	PartnershipOrganiserAndHost PartnershipKind = "ORGANISER_AND_HOST"
	// Both founded the same organisation.
	PartnershipCoFounded PartnershipKind = "CO_FOUNDED"
	// An explicit cooperation or commissioning relation joins them.
	PartnershipCooperation PartnershipKind = "COOPERATION"
)

var partnershipKinds = enum[PartnershipKind]{"PartnershipKind", []PartnershipKind{
	PartnershipSharedProject, PartnershipCoOrganisedEvent, PartnershipCoHostedEvent,
	PartnershipOrganiserAndHost, PartnershipCoFounded, PartnershipCooperation,
}}

// AllPartnershipKinds lists the kinds in declared order.
func AllPartnershipKinds() []PartnershipKind {
	return append([]PartnershipKind(nil), partnershipKinds.values...)
}

// IsValid reports whether k is a declared kind.
func (k PartnershipKind) IsValid() bool { return partnershipKinds.valid(k) }

// Partnership is a derived partnership of one organisation with another, with its evidence.
type Partnership struct {
	Partner  NodeKey
	Evidence []PartnershipEvidence
}

// PartnershipEvidence is one reason two organisations count as partners.
type PartnershipEvidence struct {
	Kind PartnershipKind
	// Via is the project, event or organisation through which they are joined.
	Via NodeKey
	// OwnRole and PartnerRole are the relation types each side has to Via (or to each other).
	OwnRole     RelationType
	PartnerRole RelationType
	// Sources cite both sides' relations.
	Sources []Citation
}

// HostReasonKind says why an organisation is proposed as a host.
type HostReasonKind string

// Host reason kinds.
const (
	HostPractises   HostReasonKind = "PRACTISES"
	HostDeveloped   HostReasonKind = "DEVELOPED"
	HostHostedVisit HostReasonKind = "HOSTED_VISIT"
	HostFeaturedAt  HostReasonKind = "FEATURED_AT"
)

var hostReasonKinds = enum[HostReasonKind]{"HostReasonKind", []HostReasonKind{
	HostPractises, HostDeveloped, HostHostedVisit, HostFeaturedAt,
}}

// IsValid reports whether k is a declared kind.
func (k HostReasonKind) IsValid() bool { return hostReasonKinds.valid(k) }

// HostMatch is a ranked candidate host for a study visit.
type HostMatch struct {
	Organisation NodeKey
	Score        float64
	// DistanceKm is the great-circle distance from the requested point to the organisation's
	// seat; nil when no point was given or the seat has no coordinates.
	DistanceKm *float64
	// Themes are the requested themes the organisation's evidence covers.
	Themes  []Theme
	Reasons []HostReason
}

// HostReason is one piece of evidence for a host match.
type HostReason struct {
	Kind     HostReasonKind
	Practice *NodeKey
	Event    *NodeKey
	Themes   []Theme
	Sources  []Citation
}

// Hop is one step of a path: the relation and the way it was walked.
type Hop struct {
	From     NodeKey
	To       NodeKey
	Relation *Relation
	// Direction is OUT when the relation points from From to To, IN when it points back.
	Direction Direction
}

// Path is a connection between two nodes.
type Path struct {
	Nodes []NodeKey
	Hops  []Hop
}

// Neighbourhood is an ego network ready to draw.
type Neighbourhood struct {
	Center    NodeKey
	Nodes     []NeighbourhoodNode
	Relations []*Relation
	// Truncated is true when the node limit cut the network short.
	Truncated bool
}

// NeighbourhoodNode is a node of an ego network with its distance in hops from the centre.
type NeighbourhoodNode struct {
	Node     NodeKey
	Distance int
}

// TimelineEntry is one role a node played in an event.
type TimelineEntry struct {
	Event NodeKey
	Start *PartialDate
	End   *PartialDate
	Role  RelationType
	// Via is the person through whom an organisation took part, or the session through which
	// a node is connected to a larger event; nil for a direct role.
	Via     *NodeKey
	Topic   string
	Sources []Citation
}

// Count is one bucket of a statistic.
type Count struct {
	Key   string
	Label string
	Count int
}

// Degree is an organisation with the number of relations it takes part in.
type Degree struct {
	Organisation NodeKey
	Degree       int
}

// Stats summarises the graph for dashboards.
type Stats struct {
	Nodes                      []Count
	Relations                  []Count
	OrganisationsByKind        []Count
	OrganisationsByVoivodeship []Count
	MostConnected              []Degree
}

// Strength is the number of distinct pieces of evidence.
func (p *Partnership) Strength() int { return len(p.Evidence) }

// Kinds lists the kinds of evidence without repeats, in evidence order.
func (p *Partnership) Kinds() []PartnershipKind {
	var out []PartnershipKind
	for _, e := range p.Evidence {
		if len(out) == 0 || out[len(out)-1] != e.Kind {
			seen := false
			for _, k := range out {
				seen = seen || k == e.Kind
			}
			if !seen {
				out = append(out, e.Kind)
			}
		}
	}
	return out
}

// Length is the number of hops.
func (p *Path) Length() int { return len(p.Hops) }

// Showing is a practice shown at an event: the SHOWCASED relation, from which the GraphQL layer
// derives the event's dates, places, hosts and organisers.
type Showing struct {
	Showcase *Relation
}

// Sources cites the showing.
func (s *Showing) Sources() []Citation { return s.Showcase.Sources }
