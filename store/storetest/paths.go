package storetest

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// hop is one expected step of a path: the relation walked and the node reached.
type hop struct {
	rel *ecosystem.Relation
	to  ecosystem.Node
}

// path builds the expected path from start through the hops, with each hop's direction.
func path(start ecosystem.Node, hops ...hop) ecosystem.Path {
	p := ecosystem.Path{Nodes: []ecosystem.NodeKey{start.Key()}, Hops: []ecosystem.Hop{}}
	at := start.Key()
	for _, h := range hops {
		dir := ecosystem.DirOut
		if h.rel.From != at {
			dir = ecosystem.DirIn
		}
		p.Hops = append(p.Hops, ecosystem.Hop{From: at, To: h.to.Key(), Relation: h.rel, Direction: dir})
		p.Nodes = append(p.Nodes, h.to.Key())
		at = h.to.Key()
	}
	return p
}

// checkPathShape fails when a path's nodes, hops, relations and directions disagree.
func checkPathShape(t *testing.T, p ecosystem.Path) {
	t.Helper()
	if len(p.Nodes) != len(p.Hops)+1 {
		t.Errorf("path with %d nodes and %d hops", len(p.Nodes), len(p.Hops))
		return
	}
	seen := map[ecosystem.NodeKey]bool{}
	for _, n := range p.Nodes {
		if seen[n] {
			t.Errorf("path visits %s twice: %v", n, p.Nodes)
		}
		seen[n] = true
	}
	for i, h := range p.Hops {
		if h.From != p.Nodes[i] || h.To != p.Nodes[i+1] {
			t.Errorf("hop %d goes %s → %s between nodes %s and %s", i, h.From, h.To, p.Nodes[i], p.Nodes[i+1])
		}
		switch h.Direction {
		case ecosystem.DirOut:
			if h.Relation.From != h.From || h.Relation.To != h.To {
				t.Errorf("hop %d is OUT but its relation runs %s → %s", i, h.Relation.From, h.Relation.To)
			}
		case ecosystem.DirIn:
			if h.Relation.From != h.To || h.Relation.To != h.From {
				t.Errorf("hop %d is IN but its relation runs %s → %s", i, h.Relation.From, h.Relation.To)
			}
		default:
			t.Errorf("hop %d has direction %q", i, h.Direction)
		}
	}
}

func testPathsCases(t *testing.T, s store.Store) {
	f := newFixture(t)
	org := func(slug string) *ecosystem.Organisation { return f.org(slug, "Organizacja "+slug, ecosystem.KindNGO) }

	// A chain of cooperation, reached from a person and leading to an event.
	c1, c2, c3, c4 := org("c1"), org("c2"), org("c3"), org("c4")
	c12 := f.rel(ecosystem.RelCooperatesWith, c1, c2)
	c23 := f.rel(ecosystem.RelCooperatesWith, c2, c3)
	c34 := f.rel(ecosystem.RelCooperatesWith, c3, c4)
	anna := f.person("anna", "Anna Nowak")
	annaC1 := f.rel(ecosystem.RelHoldsPosition, anna, c1)
	ev := f.event("forum", "Forum", ecosystem.EventForum, date(2020, 0, 0), nil)
	c4ev := f.rel(ecosystem.RelOrganised, c4, ev)

	// A diamond: two shortest paths, one walked against the relations' direction.
	src, b1, b2, dst := org("d-src"), org("d-b1"), org("d-b2"), org("d-dst")
	srcB1 := f.rel(ecosystem.RelCooperatesWith, src, b1)
	b2Src := f.rel(ecosystem.RelCooperatesWith, b2, src)
	b1Dst := f.rel(ecosystem.RelCooperatesWith, b1, dst)
	dstB2 := f.rel(ecosystem.RelMemberOf, dst, b2)

	// Three relations between the same two nodes.
	x, y := org("x"), org("y")
	parallel := []*ecosystem.Relation{
		f.rel(ecosystem.RelCooperatesWith, x, y),
		f.rel(ecosystem.RelMemberOf, x, y),
		f.rel(ecosystem.RelRuns, y, x),
	}
	slices.SortFunc(parallel, func(a, b *ecosystem.Relation) int { return strings.Compare(a.ID, b.ID) })

	// Rings of four and five.
	r := []*ecosystem.Organisation{org("r1"), org("r2"), org("r3"), org("r4")}
	var rr []*ecosystem.Relation
	for i := range r {
		rr = append(rr, f.rel(ecosystem.RelCooperatesWith, r[i], r[(i+1)%len(r)]))
	}
	q := []*ecosystem.Organisation{org("q1"), org("q2"), org("q3"), org("q4"), org("q5")}
	var qq []*ecosystem.Relation
	for i := range q {
		qq = append(qq, f.rel(ecosystem.RelCooperatesWith, q[i], q[(i+1)%len(q)]))
	}
	lonely := org("lonely")
	f.apply(s)

	cases := []struct {
		name string
		q    store.PathQuery
		want []ecosystem.Path
	}{
		{"chain", store.PathQuery{From: c1.Key(), To: c4.Key(), MaxHops: 5, Limit: 10}, []ecosystem.Path{
			path(c1, hop{c12, c2}, hop{c23, c3}, hop{c34, c4}),
		}},
		{"chain backwards", store.PathQuery{From: c4.Key(), To: c1.Key(), MaxHops: 5, Limit: 10}, []ecosystem.Path{
			path(c4, hop{c34, c3}, hop{c23, c2}, hop{c12, c1}),
		}},
		{"across node types", store.PathQuery{From: anna.Key(), To: ev.Key(), MaxHops: 5, Limit: 10}, []ecosystem.Path{
			path(anna, hop{annaC1, c1}, hop{c12, c2}, hop{c23, c3}, hop{c34, c4}, hop{c4ev, ev}),
		}},
		{"max hops exactly the length", store.PathQuery{From: c1.Key(), To: c4.Key(), MaxHops: 3, Limit: 10}, []ecosystem.Path{
			path(c1, hop{c12, c2}, hop{c23, c3}, hop{c34, c4}),
		}},
		{"max hops too small", store.PathQuery{From: c1.Key(), To: c4.Key(), MaxHops: 2, Limit: 10}, nil},
		{"max hops too small by far", store.PathQuery{From: anna.Key(), To: ev.Key(), MaxHops: 1, Limit: 10}, nil},
		{"two shortest paths", store.PathQuery{From: src.Key(), To: dst.Key(), MaxHops: 4, Limit: 10}, []ecosystem.Path{
			path(src, hop{srcB1, b1}, hop{b1Dst, dst}),
			path(src, hop{b2Src, b2}, hop{dstB2, dst}),
		}},
		{"two shortest paths backwards", store.PathQuery{From: dst.Key(), To: src.Key(), MaxHops: 4, Limit: 10}, []ecosystem.Path{
			path(dst, hop{b1Dst, b1}, hop{srcB1, src}),
			path(dst, hop{dstB2, b2}, hop{b2Src, src}),
		}},
		{"limit", store.PathQuery{From: src.Key(), To: dst.Key(), MaxHops: 4, Limit: 1}, []ecosystem.Path{
			path(src, hop{srcB1, b1}, hop{b1Dst, dst}),
		}},
		{"type filter", store.PathQuery{From: src.Key(), To: dst.Key(), MaxHops: 4, Limit: 10, Types: []ecosystem.RelationType{ecosystem.RelCooperatesWith}}, []ecosystem.Path{
			path(src, hop{srcB1, b1}, hop{b1Dst, dst}),
		}},
		{"type filter leaves no path", store.PathQuery{From: src.Key(), To: dst.Key(), MaxHops: 4, Limit: 10, Types: []ecosystem.RelationType{ecosystem.RelMemberOf}}, nil},
		{"parallel relations", store.PathQuery{From: x.Key(), To: y.Key(), MaxHops: 3, Limit: 10}, []ecosystem.Path{
			path(x, hop{parallel[0], y}), path(x, hop{parallel[1], y}), path(x, hop{parallel[2], y}),
		}},
		{"ring of four", store.PathQuery{From: r[0].Key(), To: r[2].Key(), MaxHops: 4, Limit: 10}, []ecosystem.Path{
			path(r[0], hop{rr[0], r[1]}, hop{rr[1], r[2]}),
			path(r[0], hop{rr[3], r[3]}, hop{rr[2], r[2]}),
		}},
		{"ring of five", store.PathQuery{From: q[0].Key(), To: q[2].Key(), MaxHops: 5, Limit: 10}, []ecosystem.Path{
			path(q[0], hop{qq[0], q[1]}, hop{qq[1], q[2]}),
		}},
		{"ring of five the long way round is not shortest", store.PathQuery{From: q[0].Key(), To: q[3].Key(), MaxHops: 5, Limit: 10}, []ecosystem.Path{
			path(q[0], hop{qq[4], q[4]}, hop{qq[3], q[3]}),
		}},
		{"same node", store.PathQuery{From: c2.Key(), To: c2.Key(), MaxHops: 3, Limit: 10}, []ecosystem.Path{path(c2)}},
		{"no path", store.PathQuery{From: c1.Key(), To: lonely.Key(), MaxHops: 10, Limit: 10}, nil},
		{"no path between components", store.PathQuery{From: c1.Key(), To: q[0].Key(), MaxHops: 10, Limit: 10}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.Paths(t.Context(), c.q)
			must(t, err)
			for _, p := range got {
				checkPathShape(t, p)
			}
			if len(c.want) == 0 {
				if len(got) != 0 {
					t.Errorf("got %d paths, want none: %s", len(got), show(got))
				}
				return
			}
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %s\nwant %s", show(got), show(c.want))
			}
		})
	}
}

// allShortestPaths enumerates, by brute force over the fixture's relations and ignoring their
// direction, every shortest path of at most maxHops hops, in the contract's order: hop by hop by
// the next node's global id, then the relation id.
func allShortestPaths(rels []*ecosystem.Relation, from, to ecosystem.NodeKey, maxHops int) []ecosystem.Path {
	if from == to {
		return []ecosystem.Path{{Nodes: []ecosystem.NodeKey{from}, Hops: []ecosystem.Hop{}}}
	}
	incident := map[ecosystem.NodeKey][]*ecosystem.Relation{}
	for _, r := range rels {
		incident[r.From] = append(incident[r.From], r)
		incident[r.To] = append(incident[r.To], r)
	}
	for k, rs := range incident {
		slices.SortFunc(rs, func(a, b *ecosystem.Relation) int {
			if c := strings.Compare(a.Other(k).GlobalID(), b.Other(k).GlobalID()); c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		})
	}
	for length := 1; length <= maxHops; length++ {
		var out []ecosystem.Path
		nodes := []ecosystem.NodeKey{from}
		var hops []ecosystem.Hop
		var dfs func(at ecosystem.NodeKey)
		dfs = func(at ecosystem.NodeKey) {
			if len(hops) == length {
				if at == to {
					out = append(out, ecosystem.Path{Nodes: slices.Clone(nodes), Hops: slices.Clone(hops)})
				}
				return
			}
			for _, r := range incident[at] {
				next := r.Other(at)
				if slices.Contains(nodes, next) {
					continue
				}
				dir := ecosystem.DirOut
				if r.From != at {
					dir = ecosystem.DirIn
				}
				nodes = append(nodes, next)
				hops = append(hops, ecosystem.Hop{From: at, To: next, Relation: r, Direction: dir})
				dfs(next)
				nodes = nodes[:len(nodes)-1]
				hops = hops[:len(hops)-1]
			}
		}
		dfs(from)
		if len(out) > 0 {
			return out
		}
	}
	return nil
}

func testPathsMatchBruteForce(t *testing.T, s store.Store) {
	f := newFixture(t)
	rng := rand.New(rand.NewPCG(2024, 7))
	var orgs []*ecosystem.Organisation
	for i := range 16 {
		// Slugs whose order differs from their creation order.
		orgs = append(orgs, f.org(fmt.Sprintf("o%02d", (i*7)%16), fmt.Sprintf("Organizacja %d", i), ecosystem.KindNGO))
	}
	types := []ecosystem.RelationType{ecosystem.RelCooperatesWith, ecosystem.RelMemberOf, ecosystem.RelRuns, ecosystem.RelFounded}
	seen := map[string]bool{}
	// Nodes 14 and 15 are left out, so that some pairs have no path.
	for len(f.cs.PutRelations) < 26 {
		a, b := orgs[rng.IntN(14)], orgs[rng.IntN(14)]
		typ := types[rng.IntN(len(types))]
		id := ecosystem.RelationID(typ, a.Key(), b.Key())
		if a == b || seen[id] {
			continue
		}
		seen[id] = true
		f.rel(typ, a, b)
	}
	f.apply(s)

	const maxHops = 5
	compared, multi := 0, 0
	for _, a := range orgs {
		for _, b := range orgs {
			want := allShortestPaths(f.relations, a.Key(), b.Key(), maxHops)
			got, err := s.Paths(t.Context(), store.PathQuery{From: a.Key(), To: b.Key(), MaxHops: maxHops, Limit: 1000})
			must(t, err)
			if len(want) == 0 && len(got) == 0 {
				continue
			}
			compared++
			if len(want) > 1 {
				multi++
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("%s → %s:\ngot  %s\nwant %s", a.Key(), b.Key(), show(got), show(want))
				continue
			}
			if len(want) > 2 {
				limited, err := s.Paths(t.Context(), store.PathQuery{From: a.Key(), To: b.Key(), MaxHops: maxHops, Limit: 2})
				must(t, err)
				if !reflect.DeepEqual(limited, want[:2]) {
					t.Errorf("%s → %s with limit 2:\ngot  %s\nwant %s", a.Key(), b.Key(), show(limited), show(want[:2]))
				}
			}
			if n := len(want[0].Hops); n > 1 {
				short, err := s.Paths(t.Context(), store.PathQuery{From: a.Key(), To: b.Key(), MaxHops: n - 1, Limit: 1000})
				must(t, err)
				if len(short) != 0 {
					t.Errorf("%s → %s: paths within %d hops when the shortest has %d", a.Key(), b.Key(), n-1, n)
				}
			}
		}
	}
	// The random graph must exercise the search, or the test proves nothing.
	if compared < 100 || multi < 10 {
		t.Errorf("only %d connected pairs, %d with several shortest paths: choose another seed", compared, multi)
	}
}

func testPathsErrors(t *testing.T, s store.Store) {
	f := newFixture(t)
	a := f.org("alfa", "Alfa", ecosystem.KindNGO)
	b := f.org("beta", "Beta", ecosystem.KindNGO)
	f.rel(ecosystem.RelCooperatesWith, a, b)
	f.apply(s)
	missing := ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "missing"}
	cases := []struct {
		name string
		q    store.PathQuery
		want error
	}{
		{"unknown start", store.PathQuery{From: missing, To: b.Key(), MaxHops: 3, Limit: 10}, store.ErrNotFound},
		{"unknown end", store.PathQuery{From: a.Key(), To: missing, MaxHops: 3, Limit: 10}, store.ErrNotFound},
		{"same slug, other type", store.PathQuery{From: a.Key(), To: ecosystem.NodeKey{Type: ecosystem.NodePerson, Slug: "beta"}, MaxHops: 3, Limit: 10}, store.ErrNotFound},
		{"zero max hops", store.PathQuery{From: a.Key(), To: b.Key(), Limit: 10}, store.ErrInvalid},
		{"zero limit", store.PathQuery{From: a.Key(), To: b.Key(), MaxHops: 3}, store.ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Paths(t.Context(), c.q)
			wantErr(t, err, c.want)
		})
	}
}
