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
		for _, rec := range g.hostCandidates(q.Themes) {
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

// hostCandidates returns the organisations that can have evidence for the themes: those that
// practise or developed a practice on one of them, or hosted or were featured at an event on one
// of them or showing such a practice. It walks back from the practices and events, which are far
// fewer than the organisations' relations; themeEvidence then decides. Without themes every
// organisation is a candidate.
func (g *graph) hostCandidates(themes []model.Theme) map[string]*node {
	if len(themes) == 0 {
		return g.byType[model.NodeOrganisation]
	}
	matches := func(have []model.Theme) bool {
		for _, t := range have {
			if slices.Contains(themes, t) {
				return true
			}
		}
		return false
	}
	out := map[string]*node{}
	add := func(from *node) {
		if from.key.Type == model.NodeOrganisation {
			out[from.key.Slug] = from
		}
	}
	events := map[*node]bool{}
	for _, p := range g.byType[model.NodePractice] {
		if !matches(p.n.(*model.Practice).Themes) {
			continue
		}
		for i, r := range p.in {
			switch r.Type {
			case model.RelPractises, model.RelDeveloped:
				add(p.inFrom[i])
			case model.RelShowcased:
				events[p.inFrom[i]] = true
			}
		}
	}
	for _, e := range g.byType[model.NodeEvent] {
		if matches(e.n.(*model.Event).Themes) {
			events[e] = true
		}
	}
	for e := range events {
		for i, r := range e.in {
			if r.Type == model.RelHosted || r.Type == model.RelFeaturedAt {
				add(e.inFrom[i])
			}
		}
	}
	return out
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
