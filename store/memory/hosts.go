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

// themeEvidence lists why an organisation fits the themes: practices it practises or developed,
// and events it hosted or was featured at whose own themes, or whose showcased practices'
// themes, match. With no themes every such practice and event counts.
func (g *graph) themeEvidence(rec *node, themes []model.Theme) []model.HostReason {
	var reasons []model.HostReason
	for _, r := range rec.out {
		target := g.nodes[r.To]
		switch r.Type {
		case model.RelPractises, model.RelDeveloped:
			pr := target.n.(*model.Practice)
			matched := store.MatchThemes(pr.Themes, themes)
			if len(themes) > 0 && len(matched) == 0 {
				continue
			}
			kind := model.HostPractises
			if r.Type == model.RelDeveloped {
				kind = model.HostDeveloped
			}
			k := pr.Key()
			reasons = append(reasons, model.HostReason{Kind: kind, Practice: &k, Themes: matched, Sources: slices.Clone(r.Sources)})
		case model.RelHosted, model.RelFeaturedAt:
			kind := model.HostHostedVisit
			if r.Type == model.RelFeaturedAt {
				kind = model.HostFeaturedAt
			}
			ev := target.n.(*model.Event)
			evKey := ev.Key()
			found := false
			for _, sc := range target.out {
				if sc.Type != model.RelShowcased {
					continue
				}
				pr := g.nodes[sc.To].n.(*model.Practice)
				matched := store.MatchThemes(pr.Themes, themes)
				if len(themes) > 0 && len(matched) == 0 {
					continue
				}
				found = true
				pk := pr.Key()
				reasons = append(reasons, model.HostReason{Kind: kind, Practice: &pk, Event: &evKey, Themes: matched,
					Sources: appendCitations(slices.Clone(r.Sources), sc.Sources)})
			}
			if matched := store.MatchThemes(ev.Themes, themes); !found && (len(matched) > 0 || len(themes) == 0) {
				reasons = append(reasons, model.HostReason{Kind: kind, Event: &evKey, Themes: matched, Sources: slices.Clone(r.Sources)})
			}
		}
	}
	store.SortHostReasons(reasons)
	return reasons
}

func appendCitations(dst, src []model.Citation) []model.Citation {
	for _, c := range src {
		if !slices.Contains(dst, c) {
			dst = append(dst, c)
		}
	}
	return dst
}
