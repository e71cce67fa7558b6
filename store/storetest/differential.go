package storetest

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// The differential tests run random graphs through a reference implementation of the domain
// rules (reference below: simple, slow, written straight from the rule tables) and through the
// backend, and compare. Events are chained into sessions of sessions, some undated, so that
// date inheritance and the partnership walks both meet depth.

// randomGraph is one random graph: organisations, projects and events with PART_OF chains,
// and relations of every type the partnership rules and timelines read.
type randomGraph struct {
	orgs, projects []ecosystem.Node
	events         []*ecosystem.Event
	rels           []*ecosystem.Relation
}

func newRandomGraph(t *testing.T, f *fixture, seed uint64) *randomGraph {
	r := rand.New(rand.NewPCG(seed, 17))
	g := &randomGraph{}
	for i := range 10 {
		g.orgs = append(g.orgs, f.org(fmt.Sprintf("r%d-org-%d", seed, i), fmt.Sprintf("Organizacja %d", i), ecosystem.KindNGO))
	}
	for i := range 3 {
		g.projects = append(g.projects, f.project(fmt.Sprintf("r%d-project-%d", seed, i), fmt.Sprintf("Projekt %d", i)))
	}
	for i := range 14 {
		var start, end *ecosystem.PartialDate
		if r.IntN(4) == 0 { // a quarter are dated; the rest inherit
			d := ecosystem.PartialDate{Year: 2015 + r.IntN(8), Month: 1 + r.IntN(12)}
			start = &d
			if r.IntN(2) == 0 {
				e := ecosystem.PartialDate{Year: d.Year + 1}
				end = &e
			}
		}
		g.events = append(g.events, f.event(fmt.Sprintf("r%d-event-%d", seed, i), fmt.Sprintf("Wydarzenie %d", i), ecosystem.EventSession, start, end))
	}
	seen := map[string]bool{}
	rel := func(typ ecosystem.RelationType, from, to ecosystem.Node) {
		if from.Key() == to.Key() || seen[ecosystem.RelationID(typ, from.Key(), to.Key())] {
			return
		}
		seen[ecosystem.RelationID(typ, from.Key(), to.Key())] = true
		g.rels = append(g.rels, f.rel(typ, from, to))
	}
	// Most events after the first two are part of an earlier one: a forest of sessions of
	// sessions, a few levels deep.
	for i := 2; i < len(g.events); i++ {
		if r.IntN(5) != 0 {
			rel(ecosystem.RelPartOf, g.events[i], g.events[r.IntN(i)])
		}
	}
	eventTypes := []ecosystem.RelationType{ecosystem.RelOrganised, ecosystem.RelProvidedVenue, ecosystem.RelHosted, ecosystem.RelFeaturedAt, ecosystem.RelAttended}
	for range 60 {
		org := g.orgs[r.IntN(len(g.orgs))]
		switch r.IntN(4) {
		case 0:
			rel([]ecosystem.RelationType{ecosystem.RelLeads, ecosystem.RelPartnerIn}[r.IntN(2)], org, g.projects[r.IntN(len(g.projects))])
		case 1, 2:
			rel(eventTypes[r.IntN(len(eventTypes))], org, g.events[r.IntN(len(g.events))])
		default:
			other := g.orgs[r.IntN(len(g.orgs))]
			rel([]ecosystem.RelationType{ecosystem.RelFounded, ecosystem.RelCooperatesWith, ecosystem.RelCommissions}[r.IntN(3)], org, other)
		}
	}
	return g
}

// reference answers the analyses from the graph's relation list alone.
type reference struct {
	rels []*ecosystem.Relation
	ev   map[ecosystem.NodeKey]*ecosystem.Event
}

func (g *randomGraph) reference() *reference {
	ref := &reference{rels: g.rels, ev: map[ecosystem.NodeKey]*ecosystem.Event{}}
	for _, e := range g.events {
		ref.ev[e.Key()] = e
	}
	return ref
}

// closure is k and the events reached from it through PART_OF in direction dir, by distance
// (nearest first) and, at one distance, by global id.
func (ref *reference) closure(k ecosystem.NodeKey, dir ecosystem.Direction) []ecosystem.NodeKey {
	out := []ecosystem.NodeKey{k}
	level := []ecosystem.NodeKey{k}
	for depth := 0; depth < ecosystem.MaxEventDepth && len(level) > 0; depth++ {
		var next []ecosystem.NodeKey
		for _, x := range level {
			for _, r := range ref.rels {
				if r.Type != ecosystem.RelPartOf {
					continue
				}
				from, to := r.From, r.To
				if dir == ecosystem.DirIn {
					from, to = to, from
				}
				if from == x && !slices.Contains(out, to) && !slices.Contains(next, to) {
					next = append(next, to)
				}
			}
		}
		slices.SortFunc(next, func(a, b ecosystem.NodeKey) int { return strings.Compare(a.GlobalID(), b.GlobalID()) })
		out = append(out, next...)
		level = next
	}
	return out
}

// evidence is one piece of partnership evidence as the comparison sees it.
type evidence struct {
	partner, via ecosystem.NodeKey
	kind         ecosystem.PartnershipKind
}

// partners is the reference's evidence for org, read from ecosystem.PartnershipRules.
func (ref *reference) partners(org ecosystem.NodeKey) map[evidence]bool {
	out := map[evidence]bool{}
	add := func(kind ecosystem.PartnershipKind, partner, via ecosystem.NodeKey) {
		if partner != org && partner.Type == ecosystem.NodeOrganisation {
			out[evidence{partner, via, kind}] = true
		}
	}
	for _, rule := range ecosystem.PartnershipRules {
		for _, mine := range ref.rels {
			if mine.From != org || !slices.Contains(rule.Mine, mine.Type) {
				continue
			}
			if rule.Join == ecosystem.JoinDirect {
				add(rule.Kind, mine.To, mine.To)
				continue
			}
			var reach []ecosystem.NodeKey
			switch rule.Join {
			case ecosystem.JoinShared:
				reach = []ecosystem.NodeKey{mine.To}
			case ecosystem.JoinSessions:
				reach = ref.closure(mine.To, ecosystem.DirIn)
			case ecosystem.JoinParents:
				reach = ref.closure(mine.To, ecosystem.DirOut)
			}
			for _, at := range reach {
				for _, theirs := range ref.rels {
					if theirs.To != at || !slices.Contains(rule.Theirs, theirs.Type) {
						continue
					}
					via := at
					if rule.Join == ecosystem.JoinParents {
						via = mine.To // the organisation's own event, nearer the session
					}
					add(rule.Kind, theirs.From, via)
				}
			}
		}
		if rule.Join == ecosystem.JoinDirect {
			for _, theirs := range ref.rels {
				if theirs.To == org && slices.Contains(rule.Theirs, theirs.Type) {
					add(rule.Kind, theirs.From, theirs.From)
				}
			}
		}
	}
	return out
}

// dates is the reference's date of an event (ecosystem.InheritedDates over the closure).
func (ref *reference) dates(k ecosystem.NodeKey) string {
	var ancestors []*ecosystem.Event
	for _, a := range ref.closure(k, ecosystem.DirOut)[1:] {
		ancestors = append(ancestors, ref.ev[a])
	}
	start, end := ecosystem.InheritedDates(ref.ev[k], ancestors)
	return fmt.Sprint(start, end)
}

func testDifferential(t *testing.T, s store.Store) {
	for seed := uint64(1); seed <= 6; seed++ {
		f := newFixture(t)
		g := newRandomGraph(t, f, seed)
		f.apply(s)
		ref := g.reference()
		for _, org := range g.orgs {
			got, err := s.Partners(t.Context(), store.PartnerQuery{Of: org.Key(), Limit: 1000})
			must(t, err)
			have := map[evidence]bool{}
			for _, p := range got {
				for _, e := range p.Evidence {
					have[evidence{p.Partner, e.Via, e.Kind}] = true
				}
			}
			want := ref.partners(org.Key())
			for e := range want {
				if !have[e] {
					t.Errorf("seed %d, partners of %s: missing %s with %s via %s", seed, org.Key(), e.kind, e.partner, e.via)
				}
			}
			for e := range have {
				if !want[e] {
					t.Errorf("seed %d, partners of %s: %s with %s via %s, which the rules do not give", seed, org.Key(), e.kind, e.partner, e.via)
				}
			}
			entries, err := s.Timeline(t.Context(), store.TimelineQuery{Node: org.Key()})
			must(t, err)
			for _, e := range entries {
				if got, want := fmt.Sprint(e.Start, e.End), ref.dates(e.Event); got != want {
					t.Errorf("seed %d, timeline of %s: %s dated %s, the inheritance rule gives %s", seed, org.Key(), e.Event, got, want)
				}
			}
		}
	}
}
