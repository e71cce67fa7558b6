// Package model holds the domain types of the knowledge graph: the entities, the typed relations
// between them with their citations, and the results of the analysis queries. gqlgen binds the
// GraphQL schema to these types, and both store backends read and write them.
package ecosystem

import (
	"fmt"
	"strings"
)

// NodeType names a kind of entity. Its values are the GraphQL enum values of NodeType.
type NodeType string

// The node types of the graph.
const (
	NodeOrganisation NodeType = "ORGANISATION"
	NodePerson       NodeType = "PERSON"
	NodeProject      NodeType = "PROJECT"
	NodeProgramme    NodeType = "PROGRAMME"
	NodeEvent        NodeType = "EVENT"
	NodePractice     NodeType = "PRACTICE"
	NodePlace        NodeType = "PLACE"
	NodeSource       NodeType = "SOURCE"
)

// AllNodeTypes lists every node type in the order the API reports them.
var AllNodeTypes = []NodeType{
	NodeOrganisation, NodePerson, NodeProject, NodeProgramme,
	NodeEvent, NodePractice, NodePlace, NodeSource,
}

// typeNames maps node types to their GraphQL object names, which prefix global IDs.
var typeNames = map[NodeType]string{
	NodeOrganisation: "Organisation",
	NodePerson:       "Person",
	NodeProject:      "Project",
	NodeProgramme:    "Programme",
	NodeEvent:        "Event",
	NodePractice:     "Practice",
	NodePlace:        "Place",
	NodeSource:       "Source",
}

// TypeName is the GraphQL object name of the node type, e.g. "Organisation".
func (t NodeType) TypeName() string { return typeNames[t] }

// IsValid reports whether t is one of the declared node types.
func (t NodeType) IsValid() bool { _, ok := typeNames[t]; return ok }

// NodeTypeFromName resolves a GraphQL object name or an enum value ("Organisation" or
// "ORGANISATION", any case) to a node type.
func NodeTypeFromName(name string) (NodeType, bool) {
	for t, n := range typeNames {
		if strings.EqualFold(n, name) || strings.EqualFold(string(t), name) {
			return t, true
		}
	}
	return "", false
}

// NodeKey identifies a node: slugs are unique per node type, so the pair is unique in the graph.
type NodeKey struct {
	Type NodeType
	Slug string
}

// GlobalID is the key as exposed through the GraphQL Node interface: "Organisation:mops-gdynia".
// It is readable on purpose, so that analysts and dashboards can write it by hand.
func (k NodeKey) GlobalID() string { return k.Type.TypeName() + ":" + k.Slug }

// String returns the global ID.
func (k NodeKey) String() string { return k.GlobalID() }

// Less orders keys by their global ID, the stable order used wherever the API promises one.
func (k NodeKey) Less(o NodeKey) bool { return k.GlobalID() < o.GlobalID() }

// ParseGlobalID splits "Organisation:mops-gdynia" into a key. It rejects unknown type names and
// malformed slugs.
func ParseGlobalID(id string) (NodeKey, error) {
	name, slug, ok := strings.Cut(id, ":")
	if !ok {
		return NodeKey{}, fmt.Errorf("%q is not a global id of the form Type:slug", clip(id))
	}
	t, ok := NodeTypeFromName(name)
	if !ok {
		return NodeKey{}, fmt.Errorf("%q names no node type", clip(name))
	}
	if err := ValidateSlug(slug); err != nil {
		return NodeKey{}, err
	}
	return NodeKey{Type: t, Slug: slug}, nil
}

// MaxSlugLength bounds slugs so that ids stay readable in URLs and logs.
const MaxSlugLength = 120

// ValidateSlug checks that s is a readable slug: lower-case ASCII letters, digits and single
// hyphens, starting with a letter or digit.
func ValidateSlug(s string) error {
	if s == "" {
		return fmt.Errorf("empty id")
	}
	if len(s) > MaxSlugLength {
		return fmt.Errorf("id %q is longer than %d characters", s[:20]+"…", MaxSlugLength)
	}
	prevHyphen := true
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			prevHyphen = false
		case r == '-' && !prevHyphen:
			prevHyphen = true
		default:
			return fmt.Errorf("id %q must be lower-case letters, digits and single hyphens", clip(s))
		}
	}
	if prevHyphen {
		return fmt.Errorf("id %q must not end with a hyphen", clip(s))
	}
	return nil
}
