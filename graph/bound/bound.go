// Package bound holds the GraphQL layer's models of results whose nodes a resolver has already
// fetched, in one batch, when it returns them: gqlgen marshals those fields inline, instead of
// running a resolver (with its goroutine and its loader call) for every element. Each wraps a
// result of package ecosystem, whose nodes are keys, with the nodes the keys name.
package bound

import "github.com/wtz-graph/kg/ecosystem"

// Neighbourhood is an ego network (ecosystem.Neighbourhood) with its nodes.
type Neighbourhood struct {
	Center    ecosystem.Node
	Nodes     []NeighbourhoodNode
	Relations []*ecosystem.Relation
	Truncated bool
}

// NeighbourhoodNode is a node of an ego network with its distance from the centre.
type NeighbourhoodNode struct {
	Node     ecosystem.Node
	Distance int
}

// SearchHit is a search hit (ecosystem.SearchHit) with its node.
type SearchHit struct {
	Node    ecosystem.Node
	Score   float64
	Matched string
}

// Partnership is a partnership (ecosystem.Partnership) with the partner and the nodes its
// evidence goes through.
type Partnership struct {
	Partner  *ecosystem.Organisation
	Evidence []PartnershipEvidence
	of       *ecosystem.Partnership
}

// NewPartnership binds p to its partner and to the nodes of its evidence (vias, aligned with
// p.Evidence).
func NewPartnership(p *ecosystem.Partnership, partner *ecosystem.Organisation, vias []ecosystem.Node) *Partnership {
	out := &Partnership{Partner: partner, Evidence: make([]PartnershipEvidence, len(p.Evidence)), of: p}
	for i, e := range p.Evidence {
		out.Evidence[i] = PartnershipEvidence{Kind: e.Kind, Via: vias[i], OwnRole: e.OwnRole, PartnerRole: e.PartnerRole, Sources: e.Sources}
	}
	return out
}

// Strength is the number of distinct pieces of evidence.
func (p *Partnership) Strength() int { return p.of.Strength() }

// Kinds lists the kinds of evidence without repeats, in evidence order.
func (p *Partnership) Kinds() []ecosystem.PartnershipKind { return p.of.Kinds() }

// PartnershipEvidence is one piece of partnership evidence with the node it goes through.
type PartnershipEvidence struct {
	Kind        ecosystem.PartnershipKind
	Via         ecosystem.Node
	OwnRole     ecosystem.RelationType
	PartnerRole ecosystem.RelationType
	Sources     []ecosystem.Citation
}

// RelationEdge is a relation seen from one of its ends (ecosystem.RelationEdge), in a page,
// with its cursor.
type RelationEdge struct {
	Cursor    string
	Direction ecosystem.Direction
	Node      ecosystem.Node
	Relation  *ecosystem.Relation
}
