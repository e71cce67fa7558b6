package memory

import (
	"cmp"
	"slices"
	"strings"
	"sync/atomic"

	"github.com/wtz-graph/kg/graph/model"
	"github.com/wtz-graph/kg/store"
)

// derived holds what whole-graph questions (stats, lists filtered by voivodeship or ordered by
// degree) would otherwise recompute on every request from a million relations: each
// organisation's derived voivodeship, the organisations by degree, and the counts. It is built
// on first use after a change and dropped by every change (graph.changed), so a read never sees
// a stale one: changes hold the write lock, and a reader builds from the graph it has locked.
type derived struct {
	voivodeship map[*node]string
	// byDegree is every organisation, most connected first, then by sort name and global id.
	byDegree []*node
	// relations counts relations by type; kinds and voivodeships count organisations.
	relations, kinds, voivodeships map[string]int
}

// derivedCache is the graph's current derived data; nil after a change.
type derivedCache struct{ p atomic.Pointer[derived] }

// changed drops the derived data; every mutation of the graph calls it.
func (g *graph) changed() { g.derived.p.Store(nil) }

// derive returns the derived data, building it when a change dropped it. Readers that race to
// build it build the same thing; the last one stored wins.
func (g *graph) derive() *derived {
	if d := g.derived.p.Load(); d != nil {
		return d
	}
	d := &derived{
		voivodeship:  make(map[*node]string, len(g.byType[model.NodeOrganisation])),
		relations:    map[string]int{},
		kinds:        map[string]int{},
		voivodeships: map[string]int{},
	}
	for _, rec := range g.byType[model.NodeOrganisation] {
		v := g.voivodeshipOf(rec)
		d.voivodeship[rec] = v
		if v == "" {
			v = store.NoVoivodeship
		}
		d.voivodeships[v]++
		d.kinds[string(rec.n.(*model.Organisation).Kind)]++
		d.byDegree = append(d.byDegree, rec)
	}
	slices.SortFunc(d.byDegree, func(a, b *node) int {
		return cmp.Or(cmp.Compare(b.degree(), a.degree()), strings.Compare(a.sortName, b.sortName), strings.Compare(a.gid, b.gid))
	})
	for _, r := range g.rels {
		d.relations[string(r.Type)]++
	}
	g.derived.p.Store(d)
	return d
}

// orgVoivodeship is an organisation's derived voivodeship, from the derived data.
func (g *graph) orgVoivodeship(rec *node) string {
	return g.derive().voivodeship[rec]
}

// cachedVoivodeship is an organisation's derived voivodeship from the derived data when they
// are built, else worked out for this organisation alone: reading one node must not build the
// whole graph's aggregates after every change.
func (g *graph) cachedVoivodeship(rec *node) string {
	if d := g.derived.p.Load(); d != nil {
		return d.voivodeship[rec]
	}
	return g.voivodeshipOf(rec)
}
