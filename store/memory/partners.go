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

var (
	projectRoles   = []ecosystem.RelationType{ecosystem.RelLeads, ecosystem.RelPartnerIn}
	organiserRoles = []ecosystem.RelationType{ecosystem.RelOrganised, ecosystem.RelProvidedVenue}
	cooperation    = []ecosystem.RelationType{ecosystem.RelCooperatesWith, ecosystem.RelCommissions}
)

func (g *graph) collectPartners(rec *node, acc *store.PartnerAccumulator) {
	self := rec.n.Key()
	isOrg := func(n *node) bool { return n.n.Key().Type == ecosystem.NodeOrganisation && n != rec }

	for _, mine := range rec.out {
		via := g.nodes[mine.To]
		switch {
		case slices.Contains(projectRoles, mine.Type):
			for _, theirs := range via.in {
				if slices.Contains(projectRoles, theirs.Type) && isOrg(g.nodes[theirs.From]) {
					acc.Add(ecosystem.PartnershipSharedProject, theirs.From, via.n.Key(), mine, theirs)
				}
			}
		case slices.Contains(organiserRoles, mine.Type):
			for _, theirs := range via.in {
				if slices.Contains(organiserRoles, theirs.Type) && isOrg(g.nodes[theirs.From]) {
					acc.Add(ecosystem.PartnershipCoOrganisedEvent, theirs.From, via.n.Key(), mine, theirs)
				}
			}
			// Hosts of the event and of its sessions worked with the organiser.
			for _, ev := range g.eventAndParts(via) {
				for _, theirs := range ev.in {
					if theirs.Type == ecosystem.RelHosted && isOrg(g.nodes[theirs.From]) {
						acc.Add(ecosystem.PartnershipOrganiserAndHost, theirs.From, ev.n.Key(), mine, theirs)
					}
				}
			}
		case mine.Type == ecosystem.RelHosted:
			for _, theirs := range via.in {
				if theirs.Type == ecosystem.RelHosted && isOrg(g.nodes[theirs.From]) {
					acc.Add(ecosystem.PartnershipCoHostedEvent, theirs.From, via.n.Key(), mine, theirs)
				}
			}
			// Organisers of the hosted event and of the events it is part of.
			for _, ev := range append([]*node{via}, g.eventAncestors(via)...) {
				for _, theirs := range ev.in {
					if slices.Contains(organiserRoles, theirs.Type) && isOrg(g.nodes[theirs.From]) {
						acc.Add(ecosystem.PartnershipOrganiserAndHost, theirs.From, via.n.Key(), mine, theirs)
					}
				}
			}
		case mine.Type == ecosystem.RelFounded:
			for _, theirs := range via.in {
				if theirs.Type == ecosystem.RelFounded && isOrg(g.nodes[theirs.From]) {
					acc.Add(ecosystem.PartnershipCoFounded, theirs.From, via.n.Key(), mine, theirs)
				}
			}
		case slices.Contains(cooperation, mine.Type):
			acc.Add(ecosystem.PartnershipCooperation, mine.To, mine.To, mine, nil)
		}
	}
	for _, theirs := range rec.in {
		if slices.Contains(cooperation, theirs.Type) && theirs.From != self {
			acc.Add(ecosystem.PartnershipCooperation, theirs.From, theirs.From, nil, theirs)
		}
	}
}
