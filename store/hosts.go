package store

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/wtz-graph/kg/ecosystem"
)

// ListsWithoutEvidence reports whether a visit plan lists institutions that have no evidence:
// one near a point without themes asks what is near, so every institution within the radius
// comes, evidence first (by score), then by distance.
func ListsWithoutEvidence(q HostQuery) bool { return len(q.Themes) == 0 && q.Near != nil }

// ScorePart is one term of a host's score: Count pieces of evidence of a kind (a share of the
// requested themes for coverage), each worth Weight.
type ScorePart struct {
	Kind   ScorePartKind
	Count  float64
	Weight float64
}

// ScorePartKind is what a score part counts.
type ScorePartKind string

// The kinds of score part, one per weight of ecosystem.HostWeights.
const (
	ScorePractice      ScorePartKind = "PRACTICE"
	ScoreHostedVisit   ScorePartKind = "HOSTED_VISIT"
	ScoreFeaturedAt    ScorePartKind = "FEATURED_AT"
	ScoreThemeCoverage ScorePartKind = "THEME_COVERAGE"
)

// HostScoreParts splits a candidate's score into its terms (those that count something), and
// gives the requested themes its reasons cover (in the order asked): each distinct practice it
// practises or developed, each distinct event it hosted or was featured at (one event counts
// once, however many matching practices it showed), and the share of the requested themes
// covered. ScoreHost is their sum.
func HostScoreParts(reasons []ecosystem.HostReason, requested []ecosystem.Theme) ([]ScorePart, []ecosystem.Theme) {
	covered := map[ecosystem.Theme]bool{}
	practices := map[ecosystem.NodeKey]bool{}
	events := map[ecosystem.HostReasonKind]map[ecosystem.NodeKey]bool{ecosystem.HostHostedVisit: {}, ecosystem.HostFeaturedAt: {}}
	for _, r := range reasons {
		switch r.Kind {
		case ecosystem.HostPractises, ecosystem.HostDeveloped:
			if r.Practice != nil {
				practices[*r.Practice] = true
			}
		case ecosystem.HostHostedVisit, ecosystem.HostFeaturedAt:
			if r.Event != nil {
				events[r.Kind][*r.Event] = true
			}
		}
		for _, t := range r.Themes {
			covered[t] = true
		}
	}
	var themes []ecosystem.Theme
	for _, t := range requested {
		if covered[t] && !slices.Contains(themes, t) {
			themes = append(themes, t)
		}
	}
	var parts []ScorePart
	add := func(k ScorePartKind, count, weight float64) {
		if count > 0 {
			parts = append(parts, ScorePart{Kind: k, Count: count, Weight: weight})
		}
	}
	add(ScorePractice, float64(len(practices)), ecosystem.HostWeights.Practice)
	add(ScoreHostedVisit, float64(len(events[ecosystem.HostHostedVisit])), ecosystem.HostWeights.Hosted)
	add(ScoreFeaturedAt, float64(len(events[ecosystem.HostFeaturedAt])), ecosystem.HostWeights.Featured)
	if len(requested) > 0 {
		add(ScoreThemeCoverage, float64(len(themes))/float64(len(dedupeThemes(requested))), ecosystem.HostWeights.Coverage)
	}
	return parts, themes
}

// ScoreHost computes a candidate's score from its reasons and the themes asked for, and the
// requested themes its reasons cover (in the order asked). Every backend scores with it.
func ScoreHost(reasons []ecosystem.HostReason, requested []ecosystem.Theme) (float64, []ecosystem.Theme) {
	parts, themes := HostScoreParts(reasons, requested)
	score := 0.0
	for _, p := range parts {
		score += p.Count * p.Weight
	}
	return math.Round(score*100) / 100, themes
}

func dedupeThemes(ts []ecosystem.Theme) []ecosystem.Theme {
	var out []ecosystem.Theme
	for _, t := range ts {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// MatchThemes returns the themes of have that were asked for, in the order of have; all of have
// when nothing was asked for.
func MatchThemes(have, requested []ecosystem.Theme) []ecosystem.Theme {
	if len(requested) == 0 {
		return slices.Clone(have)
	}
	var out []ecosystem.Theme
	for _, t := range have {
		if slices.Contains(requested, t) && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// SortHostReasons orders reasons by kind, then practice, then event.
func SortHostReasons(rs []ecosystem.HostReason) {
	key := func(k *ecosystem.NodeKey) string {
		if k == nil {
			return ""
		}
		return k.GlobalID()
	}
	slices.SortFunc(rs, func(a, b ecosystem.HostReason) int {
		return cmp.Or(
			cmp.Compare(slices.Index([]ecosystem.HostReasonKind{ecosystem.HostPractises, ecosystem.HostDeveloped, ecosystem.HostHostedVisit, ecosystem.HostFeaturedAt}, a.Kind),
				slices.Index([]ecosystem.HostReasonKind{ecosystem.HostPractises, ecosystem.HostDeveloped, ecosystem.HostHostedVisit, ecosystem.HostFeaturedAt}, b.Kind)),
			strings.Compare(key(a.Practice), key(b.Practice)),
			strings.Compare(key(a.Event), key(b.Event)),
		)
	})
}

// RankHosts orders matches by score (highest first), then distance (nearest first, unknown
// last), then sort name and slug, and cuts the list at limit.
func RankHosts(ms []ecosystem.HostMatch, sortName func(ecosystem.NodeKey) string, limit int) []ecosystem.HostMatch {
	dist := func(m ecosystem.HostMatch) float64 {
		if m.DistanceKm == nil {
			return math.Inf(1)
		}
		return *m.DistanceKm
	}
	// Each key is compared only when the ones before it tie: a sort name may cost a lookup.
	compare := func(a, b ecosystem.HostMatch) int {
		if c := cmp.Compare(b.Score, a.Score); c != 0 {
			return c
		}
		if c := cmp.Compare(dist(a), dist(b)); c != 0 {
			return c
		}
		if c := strings.Compare(sortName(a.Organisation), sortName(b.Organisation)); c != 0 {
			return c
		}
		return strings.Compare(a.Organisation.Slug, b.Organisation.Slug)
	}
	// Only the best limit are kept, in order, as the candidates go by: a country's worth of
	// candidates is not sorted for ten answers.
	best := make([]ecosystem.HostMatch, 0, max(min(limit, len(ms)), 0))
	if limit <= 0 {
		return best
	}
	for _, m := range ms {
		if len(best) == limit && compare(m, best[len(best)-1]) >= 0 {
			continue
		}
		i, _ := slices.BinarySearchFunc(best, m, compare)
		if len(best) == limit {
			best = best[:len(best)-1]
		}
		best = slices.Insert(best, i, m)
	}
	return best
}

// EvidenceRow is one relation of an organisation that may make it a host: PRACTISES or
// DEVELOPED a practice (Target is the practice), or HOSTED or FEATURED_AT an event (Target is the
// event, Showcased the practices it showed).
type EvidenceRow struct {
	RelType      ecosystem.RelationType
	RelSources   []ecosystem.Citation
	Target       ecosystem.NodeKey
	TargetThemes []ecosystem.Theme
	Showcased    []Showcase
}

// Showcase is a practice an event showed, with the SHOWCASED relation's citations.
type Showcase struct {
	Practice ecosystem.NodeKey
	Themes   []ecosystem.Theme
	Sources  []ecosystem.Citation
}

// HostReasons turns an organisation's evidence rows into the reasons Hosts reports for the
// requested themes (every row counts when none are requested): a practice practised or
// developed whose themes match; a hosted or featured event per showcased practice that matches,
// or, when none does, the event itself if its own themes match. Every backend builds reasons
// with it.
func HostReasons(rows []EvidenceRow, themes []ecosystem.Theme) []ecosystem.HostReason {
	var reasons []ecosystem.HostReason
	for _, row := range rows {
		switch row.RelType {
		case ecosystem.RelPractises, ecosystem.RelDeveloped:
			matched := MatchThemes(row.TargetThemes, themes)
			if len(themes) > 0 && len(matched) == 0 {
				continue
			}
			kind := ecosystem.HostPractises
			if row.RelType == ecosystem.RelDeveloped {
				kind = ecosystem.HostDeveloped
			}
			k := row.Target
			reasons = append(reasons, ecosystem.HostReason{Kind: kind, Practice: &k, Themes: matched, Sources: slices.Clone(row.RelSources)})
		case ecosystem.RelHosted, ecosystem.RelFeaturedAt:
			kind := ecosystem.HostHostedVisit
			if row.RelType == ecosystem.RelFeaturedAt {
				kind = ecosystem.HostFeaturedAt
			}
			ev := row.Target
			found := false
			for _, sc := range row.Showcased {
				matched := MatchThemes(sc.Themes, themes)
				if len(themes) > 0 && len(matched) == 0 {
					continue
				}
				found = true
				pk := sc.Practice
				sources := slices.Clone(row.RelSources)
				for _, c := range sc.Sources {
					if !slices.Contains(sources, c) {
						sources = append(sources, c)
					}
				}
				reasons = append(reasons, ecosystem.HostReason{Kind: kind, Practice: &pk, Event: &ev, Themes: matched, Sources: sources})
			}
			if matched := MatchThemes(row.TargetThemes, themes); !found && (len(matched) > 0 || len(themes) == 0) {
				reasons = append(reasons, ecosystem.HostReason{Kind: kind, Event: &ev, Themes: matched, Sources: slices.Clone(row.RelSources)})
			}
		}
	}
	SortHostReasons(reasons)
	return reasons
}
