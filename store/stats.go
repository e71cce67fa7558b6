package store

import (
	"cmp"
	"slices"
	"strings"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/geo"
)

// NoVoivodeship is the bucket key of organisations without a voivodeship.
const NoVoivodeship = "none"

// Buckets turns counts into buckets ordered by count (largest first), then key.
func Buckets(counts map[string]int, label func(string) string) []ecosystem.Count {
	out := make([]ecosystem.Count, 0, len(counts))
	for k, n := range counts {
		out = append(out, ecosystem.Count{Key: k, Label: label(k), Count: n})
	}
	slices.SortFunc(out, func(a, b ecosystem.Count) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), strings.Compare(a.Key, b.Key))
	})
	return out
}

// VoivodeshipLabel labels a voivodeship bucket with the voivodeship's name.
func VoivodeshipLabel(key string) string {
	if v, ok := geo.VoivodeshipBySlug(key); ok {
		return v.Name
	}
	return "no voivodeship (abroad or seat unknown)"
}
