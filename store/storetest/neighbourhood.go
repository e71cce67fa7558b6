package storetest

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// neighbourhoodFixture adds a centre with three layers around it. Global ids are chosen so that
// their order differs from slug order and from insertion order: layer 2 is Event:forum,
// Organisation:delta, Person:anna; layer 3 is Organisation:omega, Place:gdynia.
func neighbourhoodFixture(f *fixture) (center, lonely *ecosystem.Organisation) {
	center = f.org("centrum", "Centrum", ecosystem.KindNGO)
	gamma := f.org("gamma", "Gamma", ecosystem.KindNGO)
	beta := f.org("beta", "Beta", ecosystem.KindNGO)
	alfa := f.org("alfa", "Alfa", ecosystem.KindNGO)
	anna := f.person("anna", "Anna Nowak")
	forum := f.event("forum", "Forum", ecosystem.EventForum, date(2020, 0, 0), nil)
	delta := f.org("delta", "Delta", ecosystem.KindNGO)
	gdynia := f.place("gdynia", "Gdynia", ecosystem.PlaceCity, "PL", "", nil)
	omega := f.org("omega", "Omega", ecosystem.KindNGO)
	lonely = f.org("lonely", "Samotna", ecosystem.KindNGO)

	f.rel(ecosystem.RelCooperatesWith, center, alfa)
	f.rel(ecosystem.RelMemberOf, center, alfa) // a second relation to the same neighbour
	f.rel(ecosystem.RelMemberOf, beta, center)
	f.rel(ecosystem.RelRuns, center, gamma)
	f.rel(ecosystem.RelCooperatesWith, alfa, beta) // between two nodes of the same layer
	f.rel(ecosystem.RelHoldsPosition, anna, alfa)
	f.rel(ecosystem.RelOrganised, beta, forum)
	f.rel(ecosystem.RelCooperatesWith, gamma, delta)
	f.rel(ecosystem.RelAttended, anna, forum)
	f.rel(ecosystem.RelHeldIn, forum, gdynia)
	f.rel(ecosystem.RelCooperatesWith, delta, omega)
	return center, lonely
}

// relationsAmong returns the fixture's relations of the given types (all when empty) whose ends
// are both kept, ordered by the global id of the start, then type, then the global id of the end.
func relationsAmong(rels []*ecosystem.Relation, kept []ecosystem.NeighbourhoodNode, types []ecosystem.RelationType) []*ecosystem.Relation {
	in := map[ecosystem.NodeKey]bool{}
	for _, n := range kept {
		in[n.Node] = true
	}
	out := []*ecosystem.Relation{}
	for _, r := range rels {
		if in[r.From] && in[r.To] && (len(types) == 0 || slices.Contains(types, r.Type)) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b *ecosystem.Relation) int {
		return cmp.Or(strings.Compare(a.From.GlobalID(), b.From.GlobalID()), strings.Compare(string(a.Type), string(b.Type)),
			strings.Compare(a.To.GlobalID(), b.To.GlobalID()))
	})
	return out
}

// layers parses "0:Organisation:centrum 1:Organisation:alfa" into neighbourhood nodes.
func layers(t *testing.T, spec string) []ecosystem.NeighbourhoodNode {
	t.Helper()
	var out []ecosystem.NeighbourhoodNode
	for _, field := range strings.Fields(spec) {
		var d int
		dist, id, _ := strings.Cut(field, ":")
		if _, err := fmt.Sscan(dist, &d); err != nil {
			t.Fatalf("bad layer spec %q", field)
		}
		k, err := ecosystem.ParseGlobalID(id)
		if err != nil {
			t.Fatalf("bad layer spec %q: %v", field, err)
		}
		out = append(out, ecosystem.NeighbourhoodNode{Node: k, Distance: d})
	}
	return out
}

func testNeighbourhoodCases(t *testing.T, s store.Store) {
	f := newFixture(t)
	center, lonely := neighbourhoodFixture(f)
	f.apply(s)

	const (
		c      = "0:Organisation:centrum"
		layer1 = " 1:Organisation:alfa 1:Organisation:beta 1:Organisation:gamma"
		layer2 = " 2:Event:forum 2:Organisation:delta 2:Person:anna"
		layer3 = " 3:Organisation:omega 3:Place:gdynia"
	)
	coop := []ecosystem.RelationType{ecosystem.RelCooperatesWith}
	hierarchy := []ecosystem.RelationType{ecosystem.RelMemberOf, ecosystem.RelRuns}
	cases := []struct {
		name      string
		q         store.NeighbourhoodQuery
		nodes     string
		relations int
		truncated bool
	}{
		{"depth 0", store.NeighbourhoodQuery{Depth: 0, Limit: 10}, c, 0, false},
		{"depth 1", store.NeighbourhoodQuery{Depth: 1, Limit: 10}, c + layer1, 5, false},
		{"depth 2", store.NeighbourhoodQuery{Depth: 2, Limit: 20}, c + layer1 + layer2, 9, false},
		{"depth 3", store.NeighbourhoodQuery{Depth: 3, Limit: 20}, c + layer1 + layer2 + layer3, 11, false},
		{"depth beyond the graph", store.NeighbourhoodQuery{Depth: 6, Limit: 20}, c + layer1 + layer2 + layer3, 11, false},
		{"one type", store.NeighbourhoodQuery{Depth: 3, Limit: 20, Types: coop}, c + " 1:Organisation:alfa 2:Organisation:beta", 2, false},
		{"two types", store.NeighbourhoodQuery{Depth: 2, Limit: 20, Types: hierarchy}, c + layer1, 3, false},
		{"limit cuts a layer", store.NeighbourhoodQuery{Depth: 2, Limit: 5}, c + layer1 + " 2:Event:forum", 6, true},
		{"limit cuts the first layer", store.NeighbourhoodQuery{Depth: 2, Limit: 2}, c + " 1:Organisation:alfa", 2, true},
		{"limit fits the layers asked for", store.NeighbourhoodQuery{Depth: 1, Limit: 4}, c + layer1, 5, false},
		{"limit leaves out a whole layer", store.NeighbourhoodQuery{Depth: 2, Limit: 4}, c + layer1, 5, true},
		{"limit of the centre alone", store.NeighbourhoodQuery{Depth: 1, Limit: 1}, c, 0, true},
		{"limit fits everything", store.NeighbourhoodQuery{Depth: 3, Limit: 9}, c + layer1 + layer2 + layer3, 11, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			tc.q.Center = center.Key()
			got, err := s.Neighbourhood(t.Context(), tc.q)
			must(t, err)
			want := &ecosystem.Neighbourhood{Center: center.Key(), Nodes: layers(t, tc.nodes), Truncated: tc.truncated}
			want.Relations = relationsAmong(f.relations, want.Nodes, tc.q.Types)
			if len(want.Relations) != tc.relations {
				t.Fatalf("the case expects %d relations, the fixture has %d", tc.relations, len(want.Relations))
			}
			if got.Center != want.Center || got.Truncated != want.Truncated {
				t.Errorf("centre %s truncated %v, want %s %v", got.Center, got.Truncated, want.Center, want.Truncated)
			}
			if !reflect.DeepEqual(got.Nodes, want.Nodes) {
				t.Errorf("nodes\ngot  %s\nwant %s", show(got.Nodes), show(want.Nodes))
			}
			if !reflect.DeepEqual(got.Relations, want.Relations) && len(got.Relations)+len(want.Relations) > 0 {
				t.Errorf("relations\ngot  %v\nwant %v", relationIDs(got.Relations), relationIDs(want.Relations))
			}
		})
	}

	t.Run("isolated node", func(t *testing.T) {
		got, err := s.Neighbourhood(t.Context(), store.NeighbourhoodQuery{Center: lonely.Key(), Depth: 2, Limit: 10})
		must(t, err)
		if len(got.Nodes) != 1 || got.Nodes[0].Node != lonely.Key() || len(got.Relations) != 0 || got.Truncated {
			t.Errorf("got %s", show(got))
		}
	})
}

func testNeighbourhoodErrors(t *testing.T, s store.Store) {
	f := newFixture(t)
	center, _ := neighbourhoodFixture(f)
	f.apply(s)
	cases := []struct {
		name string
		q    store.NeighbourhoodQuery
		want error
	}{
		{"unknown centre", store.NeighbourhoodQuery{Center: ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "missing"}, Depth: 1, Limit: 10}, store.ErrNotFound},
		{"zero limit", store.NeighbourhoodQuery{Center: center.Key(), Depth: 1}, store.ErrInvalid},
		{"negative depth", store.NeighbourhoodQuery{Center: center.Key(), Depth: -1, Limit: 10}, store.ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Neighbourhood(t.Context(), c.q)
			wantErr(t, err, c.want)
		})
	}
}
