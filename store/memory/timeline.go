package memory

import (
	"context"
	"slices"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// eventRoles are the relations through which a person or organisation takes part in an event.
var eventRoles = ecosystem.EventRoles

// Timeline implements store.Store. What counts as a node's events depends on its type: the
// roles of a person or organisation (an organisation also through the people who hold
// positions in it), the events of a project or programme, the sessions of an event, the events
// held in a place (or within it), the events that showcased a practice.
func (s *Store) Timeline(ctx context.Context, q store.TimelineQuery) ([]ecosystem.TimelineEntry, error) {
	var out []ecosystem.TimelineEntry
	err := s.read(ctx, func(g *graph) error {
		rec, ok := g.nodes[q.Node]
		if !ok {
			return store.NotFoundf("%s does not exist", q.Node)
		}
		var entries []ecosystem.TimelineEntry
		add := func(ev *node, r *ecosystem.Relation, via *node) {
			e := ecosystem.TimelineEntry{Event: ev.n.Key(), Role: r.Type, Topic: r.Topic, Sources: slices.Clone(r.Sources)}
			if via != nil {
				k := via.n.Key()
				e.Via = &k
			}
			e.Start, e.End = g.eventDates(ev)
			entries = append(entries, e)
		}
		switch q.Node.Type {
		case ecosystem.NodePerson, ecosystem.NodeOrganisation:
			for _, r := range rec.out {
				if slices.Contains(eventRoles, r.Type) {
					add(g.nodes[r.To], r, nil)
				}
			}
			if q.Node.Type == ecosystem.NodeOrganisation {
				seen := map[*node]bool{}
				for _, pos := range rec.in {
					person := g.nodes[pos.From]
					if (pos.Type != ecosystem.RelHoldsPosition && pos.Type != ecosystem.RelAffiliatedWith) || seen[person] {
						continue
					}
					seen[person] = true
					for _, r := range person.out {
						if slices.Contains(eventRoles, r.Type) {
							add(g.nodes[r.To], r, person)
						}
					}
				}
			}
		case ecosystem.NodeProject, ecosystem.NodeProgramme, ecosystem.NodeEvent:
			for _, r := range rec.in {
				if (r.Type == ecosystem.RelPartOf || r.Type == ecosystem.RelFundedBy) && r.From.Type == ecosystem.NodeEvent {
					add(g.nodes[r.From], r, nil)
				}
			}
		case ecosystem.NodePlace:
			for _, p := range g.placesWithin(rec) {
				for _, r := range p.in {
					if r.Type == ecosystem.RelHeldIn {
						var via *node
						if p != rec {
							via = p
						}
						add(g.nodes[r.From], r, via)
					}
				}
			}
		case ecosystem.NodePractice:
			for _, r := range rec.in {
				if r.Type == ecosystem.RelShowcased {
					add(g.nodes[r.From], r, nil)
				}
			}
		}
		out = store.FinishTimeline(entries, q.From, q.To)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eventDates returns an event's dates (ecosystem.InheritedDates).
func (g *graph) eventDates(ev *node) (*ecosystem.PartialDate, *ecosystem.PartialDate) {
	var ancestors []*ecosystem.Event
	for _, a := range g.eventAncestors(ev) {
		ancestors = append(ancestors, a.n.(*ecosystem.Event))
	}
	return ecosystem.InheritedDates(ev.n.(*ecosystem.Event), ancestors)
}

// placesWithin returns a place and every place within it, transitively, down to
// ecosystem.MaxPlaceDepth levels.
func (g *graph) placesWithin(rec *node) []*node {
	out := []*node{rec}
	seen := map[*node]bool{rec: true}
	frontier := out
	for depth := 0; depth < ecosystem.MaxPlaceDepth && len(frontier) > 0; depth++ {
		var next []*node
		for _, p := range frontier {
			for _, child := range g.neighbours(p, ecosystem.DirIn, ecosystem.RelWithin) {
				if !seen[child] {
					seen[child] = true
					next = append(next, child)
				}
			}
		}
		out = append(out, next...)
		frontier = next
	}
	return out
}
