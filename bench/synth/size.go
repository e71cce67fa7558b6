// Package synth generates a synthetic knowledge graph with the shape of Poland's
// disability-support ecosystem, for benchmarks: the 16 real voivodeships with powiats and
// gminas in their real proportions, a welfare centre per gmina, a PCPR and workshops per powiat,
// regional bodies per voivodeship, NGOs, social cooperatives, companies and foreign hosts,
// projects with partners, events with sessions, speakers and attendees, practices with themes,
// people with positions, and a source citation on every node and relation.
//
// The output is a seed.Document (the import format), so it loads into every backend through the
// normal import path. Generation is deterministic: the same size and seed give the same bytes.
package synth

import (
	"fmt"
	"strings"
)

// Size sets the scale of a generated graph. Geography is the share of Poland's real powiats and
// gminas generated; the densities are per gmina, so that a smaller map keeps the same shape.
type Size struct {
	Name string
	// Geography scales the real counts of powiats and gminas per voivodeship (1 = all 380
	// powiats and 2,477 gminas); every voivodeship keeps at least one powiat with one gmina.
	Geography float64
	// Density multiplies the per-gmina numbers of organisations, people, projects, events and
	// practices (1 gives about 100k nodes and 1M relations on the full map).
	Density float64
}

// Sizes lists the benchmark sizes: S is seed-like (about a thousand nodes), M national scale
// (~100k nodes, ~1M relations), L ten times denser (~1M nodes, ~10M relations).
func Sizes() []Size {
	return []Size{
		{Name: "S", Geography: 0.04, Density: 0.25},
		{Name: "M", Geography: 1, Density: 1},
		{Name: "L", Geography: 1, Density: 10},
	}
}

// SizeByName returns the size called name (S, M or L, any case).
func SizeByName(name string) (Size, error) {
	for _, s := range Sizes() {
		if strings.EqualFold(s.Name, name) {
			return s, nil
		}
	}
	return Size{}, fmt.Errorf("unknown size %q (want S, M or L)", name)
}
