package memory

import (
	"context"
	"slices"

	"github.com/wtz-graph/kg/geo"
	"github.com/wtz-graph/kg/graph/model"
	"github.com/wtz-graph/kg/store"
)

// Hosts implements store.Store.
func (s *Store) Hosts(ctx context.Context, q store.HostQuery) ([]model.HostMatch, error) {
	if q.Limit <= 0 {
		return nil, store.Invalidf("limit must be positive")
	}
	if q.RadiusKm < 0 {
		return nil, store.Invalidf("radius must not be negative")
	}
	var out []model.HostMatch
	err := s.read(ctx, func(g *graph) error {
		if q.Within != nil {
			if _, ok := g.nodes[*q.Within]; !ok {
				return store.NotFoundf("%s does not exist", *q.Within)
			}
		}
		var ms []model.HostMatch
		for _, rec := range g.byType[model.NodeOrganisation] {
			org := rec.n.(*model.Organisation)
			if len(q.Kinds) > 0 && !slices.Contains(q.Kinds, org.Kind) {
				continue
			}
			if q.Within != nil && !g.orgWithin(rec, *q.Within) {
				continue
			}
			reasons := g.themeEvidence(rec, q.Themes)
			if len(reasons) == 0 {
				continue
			}
			m := model.HostMatch{Organisation: org.Key(), Reasons: reasons}
			if q.Near != nil {
				if p := g.seatPoint(rec); p != nil {
					d := geo.DistanceKm(*q.Near, *p)
					m.DistanceKm = &d
				}
				if q.RadiusKm > 0 && (m.DistanceKm == nil || *m.DistanceKm > q.RadiusKm) {
					continue
				}
			}
			m.Score, m.Themes = store.ScoreHost(reasons, q.Themes)
			ms = append(ms, m)
		}
		out = store.RankHosts(ms, func(k model.NodeKey) string { return g.nodes[k].sortName }, q.Limit)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// themeEvidence lists why an organisation fits the themes (see store.HostReasons).
func (g *graph) themeEvidence(rec *node, themes []model.Theme) []model.HostReason {
	var rows []store.EvidenceRow
	for _, r := range rec.out {
		target := g.nodes[r.To]
		switch r.Type {
		case model.RelPractises, model.RelDeveloped:
			rows = append(rows, store.EvidenceRow{RelType: r.Type, RelSources: r.Sources, Target: r.To,
				TargetThemes: target.n.(*model.Practice).Themes})
		case model.RelHosted, model.RelFeaturedAt:
			row := store.EvidenceRow{RelType: r.Type, RelSources: r.Sources, Target: r.To,
				TargetThemes: target.n.(*model.Event).Themes}
			for _, sc := range target.out {
				if sc.Type == model.RelShowcased {
					row.Showcased = append(row.Showcased, store.Showcase{Practice: sc.To,
						Themes: g.nodes[sc.To].n.(*model.Practice).Themes, Sources: sc.Sources})
				}
			}
			rows = append(rows, row)
		}
	}
	return store.HostReasons(rows, themes)
}
