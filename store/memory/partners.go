package memory

import (
	"context"
	"slices"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// Partners implements store.Store. Two organisations are partners when they lead or partner in
// the same project, co-organise or co-host an event, one organised an event the other hosted
// (or hosted a session of), they co-founded an organisation, or an explicit cooperation or
// commissioning relation joins them.
func (s *Store) Partners(ctx context.Context, q store.PartnerQuery) ([]ecosystem.Partnership, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	var out []ecosystem.Partnership
	err := s.read(ctx, func(g *graph) error {
		rec, ok := g.nodes[q.Of]
		if !ok {
			return store.NotFoundf("%s does not exist", q.Of)
		}
		acc := store.NewPartnerAccumulator(q.Of, q.Kinds)
		g.collectPartners(rec, acc)
		out = acc.Result(func(k ecosystem.NodeKey) string { return g.nodes[k].sortName }, q.Limit)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// collectPartners interprets the partnership rules (ecosystem.PartnershipRules) for one
// organisation.
func (g *graph) collectPartners(rec *node, acc *store.PartnerAccumulator) {
	self := rec.n.Key()
	isOrg := func(n *node) bool { return n.n.Key().Type == ecosystem.NodeOrganisation && n != rec }
	// theirsAt adds the evidence of the partners related to ev by the rule's Theirs.
	theirsAt := func(rule ecosystem.PartnershipRule, ev *node, via ecosystem.NodeKey, mine *ecosystem.Relation) {
		for _, theirs := range ev.in {
			if slices.Contains(rule.Theirs, theirs.Type) && isOrg(g.nodes[theirs.From]) {
				acc.Add(rule.Kind, theirs.From, via, mine, theirs)
			}
		}
	}
	for _, mine := range rec.out {
		at := g.nodes[mine.To]
		for _, rule := range ecosystem.PartnershipRules {
			if !slices.Contains(rule.Mine, mine.Type) {
				continue
			}
			switch rule.Join {
			case ecosystem.JoinShared:
				theirsAt(rule, at, at.n.Key(), mine)
			case ecosystem.JoinSessions:
				for _, ev := range g.eventAndParts(at) {
					theirsAt(rule, ev, ev.n.Key(), mine)
				}
			case ecosystem.JoinParents:
				for _, ev := range append([]*node{at}, g.eventAncestors(at)...) {
					theirsAt(rule, ev, at.n.Key(), mine)
				}
			case ecosystem.JoinDirect:
				if mine.To != self {
					acc.Add(rule.Kind, mine.To, mine.To, mine, nil)
				}
			}
		}
	}
	for _, theirs := range rec.in {
		for _, rule := range ecosystem.PartnershipRules {
			if rule.Join == ecosystem.JoinDirect && slices.Contains(rule.Theirs, theirs.Type) && theirs.From != self {
				acc.Add(rule.Kind, theirs.From, theirs.From, nil, theirs)
			}
		}
	}
}
