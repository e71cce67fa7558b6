package memory

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/wtz-graph/kg/graph/model"
	"github.com/wtz-graph/kg/store"
)

// Stats implements store.Store.
func (s *Store) Stats(ctx context.Context, q store.StatsQuery) (*model.Stats, error) {
	if q.Top < 0 {
		return nil, store.Invalidf("top must not be negative")
	}
	st := &model.Stats{}
	err := s.read(ctx, func(g *graph) error {
		for _, t := range model.AllNodeTypes {
			st.Nodes = append(st.Nodes, model.Count{Key: string(t), Label: t.TypeName(), Count: len(g.byType[t])})
		}
		rels := map[string]int{}
		for _, r := range g.rels {
			rels[string(r.Type)]++
		}
		st.Relations = store.Buckets(rels, func(k string) string { return k })
		kinds := map[string]int{}
		voivodeships := map[string]int{}
		var orgs []*node
		for _, rec := range g.byType[model.NodeOrganisation] {
			kinds[string(rec.n.(*model.Organisation).Kind)]++
			v := g.voivodeshipOf(rec)
			if v == "" {
				v = store.NoVoivodeship
			}
			voivodeships[v]++
			orgs = append(orgs, rec)
		}
		st.OrganisationsByKind = store.Buckets(kinds, func(k string) string { return k })
		st.OrganisationsByVoivodeship = store.Buckets(voivodeships, store.VoivodeshipLabel)
		slices.SortFunc(orgs, func(a, b *node) int {
			return cmp.Or(cmp.Compare(b.degree(), a.degree()), strings.Compare(a.sortName, b.sortName), strings.Compare(a.gid, b.gid))
		})
		for _, rec := range orgs[:min(q.Top, len(orgs))] {
			st.MostConnected = append(st.MostConnected, model.Degree{Organisation: rec.n.Key(), Degree: rec.degree()})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}
