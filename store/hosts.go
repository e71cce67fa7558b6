package store

import (
	"cmp"
	"math"
	"slices"
	"strings"

	"github.com/wtz-graph/kg/graph/model"
)

// reasonWeight is what each kind of evidence adds to a host's score: practising or having
// developed a practice counts most, having hosted a visit on the theme next, having been
// presented as an example least.
var reasonWeight = map[model.HostReasonKind]float64{
	model.HostPractises:   3,
	model.HostDeveloped:   3,
	model.HostHostedVisit: 2,
	model.HostFeaturedAt:  1,
}

// coverageWeight rewards covering more of the requested themes.
const coverageWeight = 2

// ScoreHost computes a candidate's score from its reasons and the themes asked for, and the
// requested themes its reasons cover (in the order asked). Every backend scores with it.
func ScoreHost(reasons []model.HostReason, requested []model.Theme) (float64, []model.Theme) {
	score := 0.0
	covered := map[model.Theme]bool{}
	for _, r := range reasons {
		score += reasonWeight[r.Kind]
		for _, t := range r.Themes {
			covered[t] = true
		}
	}
	var themes []model.Theme
	for _, t := range requested {
		if covered[t] && !slices.Contains(themes, t) {
			themes = append(themes, t)
		}
	}
	if len(requested) > 0 {
		score += coverageWeight * float64(len(themes)) / float64(len(dedupeThemes(requested)))
	}
	return math.Round(score*100) / 100, themes
}

func dedupeThemes(ts []model.Theme) []model.Theme {
	var out []model.Theme
	for _, t := range ts {
		if !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// MatchThemes returns the themes of have that were asked for, in the order of have; all of have
// when nothing was asked for.
func MatchThemes(have, requested []model.Theme) []model.Theme {
	if len(requested) == 0 {
		return slices.Clone(have)
	}
	var out []model.Theme
	for _, t := range have {
		if slices.Contains(requested, t) && !slices.Contains(out, t) {
			out = append(out, t)
		}
	}
	return out
}

// SortHostReasons orders reasons by kind, then practice, then event.
func SortHostReasons(rs []model.HostReason) {
	key := func(k *model.NodeKey) string {
		if k == nil {
			return ""
		}
		return k.GlobalID()
	}
	slices.SortFunc(rs, func(a, b model.HostReason) int {
		return cmp.Or(
			cmp.Compare(slices.Index([]model.HostReasonKind{model.HostPractises, model.HostDeveloped, model.HostHostedVisit, model.HostFeaturedAt}, a.Kind),
				slices.Index([]model.HostReasonKind{model.HostPractises, model.HostDeveloped, model.HostHostedVisit, model.HostFeaturedAt}, b.Kind)),
			strings.Compare(key(a.Practice), key(b.Practice)),
			strings.Compare(key(a.Event), key(b.Event)),
		)
	})
}

// RankHosts orders matches by score (highest first), then distance (nearest first, unknown
// last), then sort name and slug, and cuts the list at limit.
func RankHosts(ms []model.HostMatch, sortName func(model.NodeKey) string, limit int) []model.HostMatch {
	dist := func(m model.HostMatch) float64 {
		if m.DistanceKm == nil {
			return math.Inf(1)
		}
		return *m.DistanceKm
	}
	slices.SortFunc(ms, func(a, b model.HostMatch) int {
		return cmp.Or(
			cmp.Compare(b.Score, a.Score),
			cmp.Compare(dist(a), dist(b)),
			strings.Compare(sortName(a.Organisation), sortName(b.Organisation)),
			strings.Compare(a.Organisation.Slug, b.Organisation.Slug),
		)
	})
	if len(ms) > limit {
		ms = ms[:limit]
	}
	return ms
}
