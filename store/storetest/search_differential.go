package storetest

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/polish"
	"github.com/wtz-graph/kg/store"
)

// The search differential: random formulaic names, in the numbers where a store can no longer
// score every candidate (hundreds share "ośrodek" or "pomocy"), ranked by the store and by the
// reference: every node's names scored with package polish, best first, ties by sort name and
// global id, as the contract says.

var (
	searchKinds = []string{"Miejski Ośrodek Pomocy Społecznej", "Gminny Ośrodek Pomocy Społecznej",
		"Powiatowe Centrum Pomocy Rodzinie", "Warsztat Terapii Zajęciowej", "Zakład Aktywności Zawodowej",
		"Środowiskowy Dom Samopomocy", "Dom Pomocy Społecznej", "Centrum Usług Społecznych", "Ośrodek Wsparcia"}
	searchTowns = []string{"Gdyni", "Gdańsku", "Lublinie", "Kraśniku", "Wieliczce", "Olsztynie", "Pile",
		"Lęborku", "Koszalinie", "Sopocie", "Rumi", "Redzie", "Elblągu", "Chełmie"}
	searchQueries = []string{"ośrodek", "pomocy", "ośrodek pomocy społecznej", "mops gdynia", "wtz wieliczka",
		"dom", "dom pomocy społecznej w lublinie", "centrum", "pcpr krasnik", "osrodek wsparcia olsztyn",
		"zaklad aktywnosci", "gdyni", "spolecznej", "warsztat terapi", "samopomocy pila"}
)

func testDifferentialSearch(t *testing.T, s store.Store) {
	r := rand.New(rand.NewPCG(7, 41))
	f := newFixture(t)
	type named struct {
		gid, sortName string
		names         []string
		typ           ecosystem.NodeType
	}
	var all []named
	for i := range 600 {
		name := searchKinds[r.IntN(len(searchKinds))] + " w " + searchTowns[r.IntN(len(searchTowns))]
		if r.IntN(3) == 0 {
			name += fmt.Sprintf(" nr %d", 1+r.IntN(5))
		}
		o := f.org(fmt.Sprintf("s-org-%d", i), name, ecosystem.KindOPS)
		if r.IntN(4) == 0 {
			o.Aliases = []string{strings.ToUpper(string([]rune(name)[:1])) + fmt.Sprintf("OPS %d", i)}
		}
		all = append(all, named{o.Key().GlobalID(), polish.SortName(o.Name), o.Names(), ecosystem.NodeOrganisation})
	}
	for i, town := range searchTowns {
		p := f.place(fmt.Sprintf("s-place-%d", i), town, ecosystem.PlaceCity, "PL", "", nil)
		all = append(all, named{p.Key().GlobalID(), polish.SortName(p.Name), p.Names(), ecosystem.NodePlace})
	}
	f.apply(s)
	for _, text := range searchQueries {
		for _, limit := range []int{1, 5, 20} {
			for _, types := range [][]ecosystem.NodeType{nil, {ecosystem.NodePlace}} {
				q := polish.NewQuery(text)
				type hit struct {
					named
					score   float64
					matched string
				}
				var want []hit
				for _, n := range all {
					if len(types) > 0 && !slices.Contains(types, n.typ) {
						continue
					}
					if score, matched := q.Score(n.names); score > 0 {
						want = append(want, hit{n, score, matched})
					}
				}
				slices.SortFunc(want, func(a, b hit) int {
					return cmp.Or(cmp.Compare(b.score, a.score), strings.Compare(a.sortName, b.sortName), strings.Compare(a.gid, b.gid))
				})
				want = want[:min(len(want), limit)]
				got, err := s.Search(t.Context(), store.SearchQuery{Text: text, Types: types, Limit: limit})
				must(t, err)
				var gs, ws []string
				for _, h := range got {
					gs = append(gs, fmt.Sprintf("%s %.4f %s", h.Node.GlobalID(), h.Score, h.Matched))
				}
				for _, h := range want {
					ws = append(ws, fmt.Sprintf("%s %.4f %s", h.gid, h.score, h.matched))
				}
				if !slices.Equal(gs, ws) {
					t.Errorf("search %q, first %d, types %v:\n got %v\nwant %v", text, limit, types, gs, ws)
				}
			}
		}
	}
}

// DifferentialSearch runs the search differential on its own, for a backend's test to run it
// again under settings of its own (the Neo4j store's reads in small steps).
func DifferentialSearch(t *testing.T, s store.Store) { testDifferentialSearch(t, s) }
