package storetest

import (
	"cmp"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/graph/model"
	"github.com/wtz-graph/kg/store"
)

// neighbourhoodFixture adds a centre with three layers around it. Global ids are chosen so that
// their order differs from slug order and from insertion order: layer 2 is Event:forum,
// Organisation:delta, Person:anna; layer 3 is Organisation:omega, Place:gdynia.
func neighbourhoodFixture(f *fixture) (center, lonely *model.Organisation) {
	center = f.org("centrum", "Centrum", model.KindNGO)
	gamma := f.org("gamma", "Gamma", model.KindNGO)
	beta := f.org("beta", "Beta", model.KindNGO)
	alfa := f.org("alfa", "Alfa", model.KindNGO)
	anna := f.person("anna", "Anna Nowak")
	forum := f.event("forum", "Forum", model.EventForum, date(2020, 0, 0), nil)
	delta := f.org("delta", "Delta", model.KindNGO)
	gdynia := f.place("gdynia", "Gdynia", model.PlaceCity, "PL", "", nil)
	omega := f.org("omega", "Omega", model.KindNGO)
	lonely = f.org("lonely", "Samotna", model.KindNGO)

	f.rel(model.RelCooperatesWith, center, alfa)
	f.rel(model.RelMemberOf, center, alfa) // a second relation to the same neighbour
	f.rel(model.RelMemberOf, beta, center)
	f.rel(model.RelRuns, center, gamma)
	f.rel(model.RelCooperatesWith, alfa, beta) // between two nodes of the same layer
	f.rel(model.RelHoldsPosition, anna, alfa)
	f.rel(model.RelOrganised, beta, forum)
	f.rel(model.RelCooperatesWith, gamma, delta)
	f.rel(model.RelAttended, anna, forum)
	f.rel(model.RelHeldIn, forum, gdynia)
	f.rel(model.RelCooperatesWith, delta, omega)
	return center, lonely
}

// relationsAmong returns the fixture's relations of the given types (all when empty) whose ends
// are both kept, ordered by the global id of the start, then type, then the global id of the end.
func relationsAmong(rels []*model.Relation, kept []model.NeighbourhoodNode, types []model.RelationType) []*model.Relation {
	in := map[model.NodeKey]bool{}
	for _, n := range kept {
		in[n.Node] = true
	}
	out := []*model.Relation{}
	for _, r := range rels {
		if in[r.From] && in[r.To] && (len(types) == 0 || slices.Contains(types, r.Type)) {
			out = append(out, r)
		}
	}
	slices.SortFunc(out, func(a, b *model.Relation) int {
		return cmp.Or(strings.Compare(a.From.GlobalID(), b.From.GlobalID()), strings.Compare(string(a.Type), string(b.Type)),
			strings.Compare(a.To.GlobalID(), b.To.GlobalID()))
	})
	return out
}

// layers parses "0:Organisation:centrum 1:Organisation:alfa" into neighbourhood nodes.
func layers(t *testing.T, spec string) []model.NeighbourhoodNode {
	t.Helper()
	var out []model.NeighbourhoodNode
	for _, field := range strings.Fields(spec) {
		var d int
		dist, id, _ := strings.Cut(field, ":")
		if _, err := fmt.Sscan(dist, &d); err != nil {
			t.Fatalf("bad layer spec %q", field)
		}
		k, err := model.ParseGlobalID(id)
		if err != nil {
			t.Fatalf("bad layer spec %q: %v", field, err)
		}
		out = append(out, model.NeighbourhoodNode{Node: k, Distance: d})
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
	coop := []model.RelationType{model.RelCooperatesWith}
	hierarchy := []model.RelationType{model.RelMemberOf, model.RelRuns}
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
			want := &model.Neighbourhood{Center: center.Key(), Nodes: layers(t, tc.nodes), Truncated: tc.truncated}
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
		{"unknown centre", store.NeighbourhoodQuery{Center: model.NodeKey{Type: model.NodeOrganisation, Slug: "missing"}, Depth: 1, Limit: 10}, store.ErrNotFound},
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
