package storetest

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/geo"
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
	practices      []*ecosystem.Practice
	places         []*ecosystem.Place
	rels           []*ecosystem.Relation
}

// randomThemes are the themes the random graphs tag practices and events with.
var randomThemes = ecosystem.AllThemes()[:4]

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
		var themes []ecosystem.Theme
		if r.IntN(3) == 0 {
			themes = []ecosystem.Theme{randomThemes[r.IntN(len(randomThemes))]}
		}
		g.events = append(g.events, f.event(fmt.Sprintf("r%d-event-%d", seed, i), fmt.Sprintf("Wydarzenie %d", i), ecosystem.EventSession, start, end, themes...))
	}
	for i := range 5 {
		themes := []ecosystem.Theme{randomThemes[r.IntN(len(randomThemes))]}
		if t := randomThemes[r.IntN(len(randomThemes))]; t != themes[0] && r.IntN(2) == 0 {
			themes = append(themes, t)
		}
		g.practices = append(g.practices, f.practice(fmt.Sprintf("r%d-practice-%d", seed, i), fmt.Sprintf("Praktyka %d", i), themes...))
	}
	for i := range 3 {
		pt := &ecosystem.GeoPoint{Lat: 50 + 2*r.Float64(), Lon: 16 + 6*r.Float64()}
		g.places = append(g.places, f.place(fmt.Sprintf("r%d-town-%d", seed, i), fmt.Sprintf("Miasto %d", i), ecosystem.PlaceTown, "PL", "", pt))
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
	for i, org := range g.orgs {
		if i%5 != 4 { // a fifth have no seat
			rel(ecosystem.RelLocatedIn, org, g.places[r.IntN(len(g.places))])
		}
	}
	for range 10 {
		rel(ecosystem.HostPracticeRoles[r.IntN(len(ecosystem.HostPracticeRoles))], g.orgs[r.IntN(len(g.orgs))], g.practices[r.IntN(len(g.practices))])
	}
	for range 8 {
		rel(ecosystem.RelShowcased, g.events[r.IntN(len(g.events))], g.practices[r.IntN(len(g.practices))])
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
	rels  []*ecosystem.Relation
	ev    map[ecosystem.NodeKey]*ecosystem.Event
	nodes map[ecosystem.NodeKey]ecosystem.Node
}

func (g *randomGraph) reference() *reference {
	ref := &reference{rels: g.rels, ev: map[ecosystem.NodeKey]*ecosystem.Event{}, nodes: map[ecosystem.NodeKey]ecosystem.Node{}}
	for _, e := range g.events {
		ref.ev[e.Key()] = e
	}
	for _, list := range [][]ecosystem.Node{g.orgs, g.projects} {
		for _, n := range list {
			ref.nodes[n.Key()] = n
		}
	}
	for _, n := range g.events {
		ref.nodes[n.Key()] = n
	}
	for _, n := range g.practices {
		ref.nodes[n.Key()] = n
	}
	for _, n := range g.places {
		ref.nodes[n.Key()] = n
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

// edge is one relation walked from one of its ends, as the reference's searches see it.
type edge struct {
	rel *ecosystem.Relation
	to  ecosystem.NodeKey
	out bool
}

// edges are the relations of k of the given types (all when types is empty), either way,
// ordered by the other end's global id, then relation id.
func (ref *reference) edges(k ecosystem.NodeKey, types []ecosystem.RelationType) []edge {
	var out []edge
	for _, r := range ref.rels {
		if len(types) > 0 && !slices.Contains(types, r.Type) {
			continue
		}
		if r.From == k {
			out = append(out, edge{r, r.To, true})
		}
		if r.To == k {
			out = append(out, edge{r, r.From, false})
		}
	}
	slices.SortFunc(out, func(a, b edge) int {
		if c := strings.Compare(a.to.GlobalID(), b.to.GlobalID()); c != 0 {
			return c
		}
		return strings.Compare(a.rel.ID, b.rel.ID)
	})
	return out
}

// distances are the hop counts from k, relation direction ignored, up to max hops.
func (ref *reference) distances(k ecosystem.NodeKey, types []ecosystem.RelationType, max int) map[ecosystem.NodeKey]int {
	dist := map[ecosystem.NodeKey]int{k: 0}
	layer := []ecosystem.NodeKey{k}
	for d := 1; d <= max && len(layer) > 0; d++ {
		var next []ecosystem.NodeKey
		for _, u := range layer {
			for _, e := range ref.edges(u, types) {
				if _, seen := dist[e.to]; !seen {
					dist[e.to] = d
					next = append(next, e.to)
				}
			}
		}
		layer = next
	}
	return dist
}

// paths is the reference's answer to q: every shortest path in the store's order (hop by hop,
// by the next node's global id, then relation id), cut at the limit, each written as its nodes
// and relation ids.
func (ref *reference) paths(q store.PathQuery) []string {
	if q.From == q.To {
		return []string{q.From.GlobalID()}
	}
	fromSrc := ref.distances(q.From, q.Types, q.MaxHops)
	length, ok := fromSrc[q.To]
	if !ok {
		return nil
	}
	toDst := ref.distances(q.To, q.Types, length)
	var out []string
	var walk func(u ecosystem.NodeKey, trail string)
	walk = func(u ecosystem.NodeKey, trail string) {
		if len(out) == q.Limit {
			return
		}
		if u == q.To {
			out = append(out, trail)
			return
		}
		for _, e := range ref.edges(u, q.Types) {
			if d, ok := toDst[e.to]; ok && fromSrc[e.to] == fromSrc[u]+1 && d == length-fromSrc[e.to] {
				walk(e.to, trail+" "+e.rel.ID+" "+e.to.GlobalID())
			}
		}
	}
	walk(q.From, q.From.GlobalID())
	return out
}

// neighbourhood is the reference's answer to q: whole layers by global id until the limit, the
// lowest ids of the layer it cuts, then every relation among the kept nodes by from-end global
// id, type and to-end global id.
func (ref *reference) neighbourhood(q store.NeighbourhoodQuery) (nodes []string, rels []string, truncated bool) {
	kept := map[ecosystem.NodeKey]bool{q.Center: true}
	nodes = []string{"0 " + q.Center.GlobalID()}
	layer := []ecosystem.NodeKey{q.Center}
	for d := 1; d <= q.Depth && len(layer) > 0 && !truncated; d++ {
		var next []ecosystem.NodeKey
		for _, u := range layer {
			for _, e := range ref.edges(u, q.Types) {
				if !kept[e.to] && !slices.Contains(next, e.to) {
					next = append(next, e.to)
				}
			}
		}
		slices.SortFunc(next, func(a, b ecosystem.NodeKey) int { return strings.Compare(a.GlobalID(), b.GlobalID()) })
		if room := q.Limit - len(nodes); len(next) > room {
			next, truncated = next[:room], true
		}
		for _, v := range next {
			kept[v] = true
			nodes = append(nodes, fmt.Sprintf("%d %s", d, v.GlobalID()))
		}
		layer = next
	}
	var among []*ecosystem.Relation
	for _, r := range ref.rels {
		if kept[r.From] && kept[r.To] && (len(q.Types) == 0 || slices.Contains(q.Types, r.Type)) {
			among = append(among, r)
		}
	}
	slices.SortFunc(among, func(a, b *ecosystem.Relation) int {
		if c := strings.Compare(a.From.GlobalID(), b.From.GlobalID()); c != 0 {
			return c
		}
		if c := strings.Compare(string(a.Type), string(b.Type)); c != 0 {
			return c
		}
		return strings.Compare(a.To.GlobalID(), b.To.GlobalID())
	})
	for _, r := range among {
		rels = append(rels, r.ID)
	}
	return nodes, rels, truncated
}

// testDifferentialWalks compares paths and neighbourhoods with the reference's searches on the
// random graphs: every pair of a sample of nodes at several hop bounds and limits, with and
// without a relation-type filter, and every organisation's neighbourhood at depths 1 to 3 with
// limits that cut a layer and limits that do not.
func testDifferentialWalks(t *testing.T, s store.Store) {
	filters := [][]ecosystem.RelationType{nil, {ecosystem.RelPartOf, ecosystem.RelOrganised, ecosystem.RelHosted, ecosystem.RelCooperatesWith}}
	for seed := uint64(1); seed <= 4; seed++ {
		f := newFixture(t)
		g := newRandomGraph(t, f, seed)
		f.apply(s)
		ref := g.reference()
		r := rand.New(rand.NewPCG(seed, 29))
		var all []ecosystem.NodeKey
		for _, n := range g.orgs {
			all = append(all, n.Key())
		}
		for _, n := range g.projects {
			all = append(all, n.Key())
		}
		for _, e := range g.events {
			all = append(all, e.Key())
		}
		for range 40 {
			q := store.PathQuery{From: all[r.IntN(len(all))], To: all[r.IntN(len(all))], MaxHops: 1 + r.IntN(5),
				Types: filters[r.IntN(len(filters))], Limit: []int{1, 3, 1000}[r.IntN(3)]}
			got, err := s.Paths(t.Context(), q)
			must(t, err)
			var have []string
			for _, p := range got {
				trail := p.Nodes[0].GlobalID()
				for i, h := range p.Hops {
					trail += " " + h.Relation.ID + " " + p.Nodes[i+1].GlobalID()
				}
				have = append(have, trail)
			}
			if want := ref.paths(q); !slices.Equal(have, want) {
				t.Errorf("seed %d, paths %s → %s (max %d hops, limit %d, types %v):\ngot  %q\nwant %q", seed, q.From, q.To, q.MaxHops, q.Limit, q.Types, have, want)
			}
		}
		for _, org := range g.orgs {
			for depth := 1; depth <= 3; depth++ {
				q := store.NeighbourhoodQuery{Center: org.Key(), Depth: depth, Types: filters[r.IntN(len(filters))], Limit: []int{4, 9, 1000}[r.IntN(3)]}
				got, err := s.Neighbourhood(t.Context(), q)
				must(t, err)
				var nodes, rels []string
				for _, n := range got.Nodes {
					nodes = append(nodes, fmt.Sprintf("%d %s", n.Distance, n.Node.GlobalID()))
				}
				for _, rel := range got.Relations {
					rels = append(rels, rel.ID)
				}
				wantNodes, wantRels, wantTruncated := ref.neighbourhood(q)
				if !slices.Equal(nodes, wantNodes) || !slices.Equal(rels, wantRels) || got.Truncated != wantTruncated {
					t.Errorf("seed %d, neighbourhood of %s (depth %d, limit %d, types %v):\ngot  %v %v truncated %v\nwant %v %v truncated %v",
						seed, q.Center, depth, q.Limit, q.Types, nodes, rels, got.Truncated, wantNodes, wantRels, wantTruncated)
				}
			}
		}
	}
}

// hosts is the reference's answer to a visit plan: each organisation's evidence rows read from
// its relations with the planner's roles (ecosystem.HostPracticeRoles, HostEventRoles, and the
// practices an event showed), its seat's distance, then the shared reasons, score and ranking
// (store.HostReasons, ScoreHost, RankHosts). The organisations' names sort as their sort names.
func (ref *reference) hosts(orgs []ecosystem.Node, q store.HostQuery) []ecosystem.HostMatch {
	var ms []ecosystem.HostMatch
	for _, org := range orgs {
		var rows []store.EvidenceRow
		var dist *float64
		for _, r := range ref.rels {
			if r.From != org.Key() {
				continue
			}
			switch {
			case r.Type == ecosystem.RelLocatedIn && q.Near != nil:
				if pt := ref.nodes[r.To].(*ecosystem.Place).Point; pt != nil {
					d := geo.DistanceKm(*q.Near, *pt)
					dist = &d
				}
			case slices.Contains(ecosystem.HostPracticeRoles, r.Type):
				rows = append(rows, store.EvidenceRow{RelType: r.Type, RelSources: r.Sources, Target: r.To,
					TargetThemes: ref.nodes[r.To].(*ecosystem.Practice).Themes})
			case slices.Contains(ecosystem.HostEventRoles, r.Type):
				row := store.EvidenceRow{RelType: r.Type, RelSources: r.Sources, Target: r.To, TargetThemes: ref.ev[r.To].Themes}
				for _, sc := range ref.rels {
					if sc.Type == ecosystem.RelShowcased && sc.From == r.To {
						row.Showcased = append(row.Showcased, store.Showcase{Practice: sc.To,
							Themes: ref.nodes[sc.To].(*ecosystem.Practice).Themes, Sources: sc.Sources})
					}
				}
				rows = append(rows, row)
			}
		}
		if q.RadiusKm > 0 && (dist == nil || *dist > q.RadiusKm) {
			continue
		}
		reasons := store.HostReasons(rows, q.Themes)
		if len(reasons) == 0 && !store.ListsWithoutEvidence(q) {
			continue
		}
		m := ecosystem.HostMatch{Organisation: org.Key(), Reasons: reasons, DistanceKm: dist}
		m.Score, m.Themes = store.ScoreHost(reasons, q.Themes)
		ms = append(ms, m)
	}
	return store.RankHosts(ms, func(k ecosystem.NodeKey) string { return ref.nodes[k].Label() }, q.Limit)
}

// testDifferentialHosts compares visit plans with the reference's on the random graphs: themes
// alone, and near a town with and without a radius, at limits that cut the list and that do not.
// The graphs accumulate in the store, so the reference answers over all of them.
func testDifferentialHosts(t *testing.T, s store.Store) {
	all := &reference{ev: map[ecosystem.NodeKey]*ecosystem.Event{}, nodes: map[ecosystem.NodeKey]ecosystem.Node{}}
	var orgs []ecosystem.Node
	var places []*ecosystem.Place
	answered := 0
	for seed := uint64(1); seed <= 6; seed++ {
		f := newFixture(t)
		g := newRandomGraph(t, f, seed)
		f.apply(s)
		ref := g.reference()
		all.rels = append(all.rels, ref.rels...)
		maps.Copy(all.ev, ref.ev)
		maps.Copy(all.nodes, ref.nodes)
		orgs, places = append(orgs, g.orgs...), append(places, g.places...)
		r := rand.New(rand.NewPCG(seed, 31))
		for range 12 {
			q := store.HostQuery{Themes: []ecosystem.Theme{randomThemes[r.IntN(len(randomThemes))]}, Limit: []int{2, 100}[r.IntN(2)]}
			if r.IntN(2) == 0 {
				q.Themes = append(q.Themes, randomThemes[r.IntN(len(randomThemes))])
			}
			if r.IntN(3) > 0 {
				q.Near = places[r.IntN(len(places))].Point
				q.RadiusKm = []float64{0, 60, 150}[r.IntN(3)]
			}
			got, err := s.Hosts(t.Context(), q)
			must(t, err)
			want := all.hosts(orgs, q)
			if len(want) > 0 {
				answered++
			}
			if (len(got) > 0 || len(want) > 0) && !reflect.DeepEqual(got, want) {
				t.Errorf("seed %d, hosts for %v near %v within %v km, limit %d:\ngot  %s\nwant %s", seed, q.Themes, q.Near, q.RadiusKm, q.Limit, hostsSummary(got), hostsSummary(want))
			}
		}
	}
	if answered < 36 {
		t.Errorf("only %d of 72 visit plans found hosts: the random graphs no longer test the planner", answered)
	}
}

// hostsSummary writes a visit plan one host per line: score, distance, themes and reasons.
func hostsSummary(ms []ecosystem.HostMatch) string {
	var b strings.Builder
	for _, m := range ms {
		fmt.Fprintf(&b, "\n  %s %.2f", m.Organisation.Slug, m.Score)
		if m.DistanceKm != nil {
			fmt.Fprintf(&b, " %.1f km", *m.DistanceKm)
		}
		fmt.Fprint(&b, " ", m.Themes)
		for _, r := range m.Reasons {
			fmt.Fprintf(&b, " %s(%v %v %d sources)", r.Kind, r.Practice, r.Event, len(r.Sources))
		}
	}
	return b.String()
}
