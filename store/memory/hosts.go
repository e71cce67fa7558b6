package memory

import (
	"context"
	"slices"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/geo"
	"github.com/wtz-graph/kg/store"
)

// Hosts implements store.Store.
func (s *Store) Hosts(ctx context.Context, q store.HostQuery) ([]ecosystem.HostMatch, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	var out []ecosystem.HostMatch
	err := s.read(ctx, func(g *graph) error {
		if q.Within != nil {
			if _, ok := g.nodes[*q.Within]; !ok {
				return store.NotFoundf("%s does not exist", *q.Within)
			}
		}
		var ms []ecosystem.HostMatch
		d := g.derive()
		for _, rec := range g.hostCandidates(q.Themes) {
			org := rec.n.(*ecosystem.Organisation)
			if len(q.Kinds) > 0 && !slices.Contains(q.Kinds, org.Kind) {
				continue
			}
			if q.Within != nil && !g.orgWithin(rec, *q.Within) {
				continue
			}
			// The distance is cheap and rules out most of the country; the evidence is not.
			var dist *float64
			if q.Near != nil {
				if p := d.seat[rec]; p != nil {
					d := geo.DistanceKm(*q.Near, *p)
					dist = &d
				}
				if q.RadiusKm > 0 && (dist == nil || *dist > q.RadiusKm) {
					continue
				}
			}
			reasons := g.themeEvidence(rec, q.Themes)
			if len(reasons) == 0 && !store.ListsWithoutEvidence(q) {
				continue
			}
			m := ecosystem.HostMatch{Organisation: org.Key(), Reasons: reasons, DistanceKm: dist}
			m.Score, m.Themes = store.ScoreHost(reasons, q.Themes)
			ms = append(ms, m)
		}
		out = store.RankHosts(ms, func(k ecosystem.NodeKey) string { return g.nodes[k].sortName }, q.Limit)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// hostCandidates returns the organisations that can have evidence for the themes: those that
// practise or developed a practice on one of them, or hosted or were featured at an event on one
// of them or showing such a practice: the derived data list them per theme. themeEvidence then
// decides. Without themes every organisation is a candidate.
func (g *graph) hostCandidates(themes []ecosystem.Theme) []*node {
	if len(themes) == 0 {
		out := make([]*node, 0, len(g.byType[ecosystem.NodeOrganisation]))
		for _, rec := range g.byType[ecosystem.NodeOrganisation] {
			out = append(out, rec)
		}
		return out
	}
	d := g.derive()
	themes = slices.Compact(slices.Sorted(slices.Values(themes)))
	if len(themes) == 1 {
		return d.themeOrgs(themes[0])
	}
	var out []*node
	seen := map[*node]bool{}
	for _, t := range themes {
		for _, rec := range d.themeOrgs(t) {
			if !seen[rec] {
				seen[rec] = true
				out = append(out, rec)
			}
		}
	}
	return out
}

// themeCandidates lists the organisations that practise or developed a practice on theme t, or
// hosted or were featured at an event on t or showing such a practice (see hostCandidates).
func themeCandidates(practices, events []*node) []*node {
	var out []*node
	seen := map[*node]bool{}
	add := func(from *node) {
		if from.key.Type == ecosystem.NodeOrganisation && !seen[from] {
			seen[from] = true
			out = append(out, from)
		}
	}
	shown := map[*node]bool{}
	for _, e := range events {
		shown[e] = true
	}
	for _, p := range practices {
		for i, r := range p.in {
			switch {
			case slices.Contains(ecosystem.HostPracticeRoles, r.Type):
				add(p.inFrom[i])
			case r.Type == ecosystem.RelShowcased:
				shown[p.inFrom[i]] = true
			}
		}
	}
	for e := range shown {
		for i, r := range e.in {
			if slices.Contains(ecosystem.HostEventRoles, r.Type) {
				add(e.inFrom[i])
			}
		}
	}
	return out
}

// themeEvidence lists why an organisation fits the themes (see store.HostReasons).
func (g *graph) themeEvidence(rec *node, themes []ecosystem.Theme) []ecosystem.HostReason {
	var rows []store.EvidenceRow
	for i, r := range rec.out {
		target := rec.outTo[i]
		switch {
		case slices.Contains(ecosystem.HostPracticeRoles, r.Type):
			rows = append(rows, store.EvidenceRow{RelType: r.Type, RelSources: r.Sources, Target: r.To,
				TargetThemes: target.n.(*ecosystem.Practice).Themes})
		case slices.Contains(ecosystem.HostEventRoles, r.Type):
			row := store.EvidenceRow{RelType: r.Type, RelSources: r.Sources, Target: r.To,
				TargetThemes: target.n.(*ecosystem.Event).Themes}
			for j, sc := range target.out {
				if sc.Type == ecosystem.RelShowcased {
					row.Showcased = append(row.Showcased, store.Showcase{Practice: sc.To,
						Themes: target.outTo[j].n.(*ecosystem.Practice).Themes, Sources: sc.Sources})
				}
			}
			rows = append(rows, row)
		}
	}
	return store.HostReasons(rows, themes)
}
