package memory

import (
	"context"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// Stats implements store.Store.
func (s *Store) Stats(ctx context.Context, q store.StatsQuery) (*ecosystem.Stats, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	st := &ecosystem.Stats{}
	err := s.read(ctx, func(g *graph) error {
		for _, t := range ecosystem.AllNodeTypes {
			st.Nodes = append(st.Nodes, ecosystem.Count{Key: string(t), Label: t.TypeName(), Count: len(g.byType[t])})
		}
		d := g.derive()
		st.Relations = store.Buckets(d.relations, func(k string) string { return k })
		st.OrganisationsByKind = store.Buckets(d.kinds, func(k string) string { return k })
		st.OrganisationsByVoivodeship = store.Buckets(d.voivodeships, store.VoivodeshipLabel)
		for _, rec := range d.byDegree[:min(q.Top, len(d.byDegree))] {
			st.MostConnected = append(st.MostConnected, ecosystem.Degree{Organisation: rec.n.Key(), Degree: rec.degree()})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return st, nil
}
