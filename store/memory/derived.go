package memory

import (
	"cmp"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/wtz-graph/kg/ecosystem"
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
	// seat is every organisation's seat coordinates (see seatPoint), where it has them.
	seat map[*node]*ecosystem.GeoPoint
	// byKind and byVoivodeship list the organisations of each kind and derived voivodeship.
	byKind        map[ecosystem.OrganisationKind][]*node
	byVoivodeship map[string][]*node
	// practicesByTheme and eventsByTheme list the practices and events on each theme.
	practicesByTheme, eventsByTheme map[ecosystem.Theme][]*node
	// orgsByTheme lists the organisations with evidence for a theme (see hostCandidates),
	// worked out the first time the theme is asked for.
	themeMu     sync.Mutex
	orgsByTheme map[ecosystem.Theme][]*node
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
		voivodeship:      make(map[*node]string, len(g.byType[ecosystem.NodeOrganisation])),
		relations:        map[string]int{},
		kinds:            map[string]int{},
		voivodeships:     map[string]int{},
		byKind:           map[ecosystem.OrganisationKind][]*node{},
		byVoivodeship:    map[string][]*node{},
		practicesByTheme: map[ecosystem.Theme][]*node{},
		eventsByTheme:    map[ecosystem.Theme][]*node{},
		orgsByTheme:      map[ecosystem.Theme][]*node{},
		seat:             map[*node]*ecosystem.GeoPoint{},
	}
	for _, rec := range g.byType[ecosystem.NodePractice] {
		for _, t := range slices.Compact(slices.Sorted(slices.Values(rec.n.(*ecosystem.Practice).Themes))) {
			d.practicesByTheme[t] = append(d.practicesByTheme[t], rec)
		}
	}
	for _, rec := range g.byType[ecosystem.NodeEvent] {
		for _, t := range slices.Compact(slices.Sorted(slices.Values(rec.n.(*ecosystem.Event).Themes))) {
			d.eventsByTheme[t] = append(d.eventsByTheme[t], rec)
		}
	}
	memo := map[*node]string{}
	for _, rec := range g.byType[ecosystem.NodeOrganisation] {
		v := g.voivodeshipOfMemo(rec, memo)
		d.voivodeship[rec] = v
		if p := g.seatPoint(rec); p != nil {
			d.seat[rec] = p
		}
		d.byVoivodeship[v] = append(d.byVoivodeship[v], rec)
		kind := rec.n.(*ecosystem.Organisation).Kind
		d.byKind[kind] = append(d.byKind[kind], rec)
		if v == "" {
			v = store.NoVoivodeship
		}
		d.voivodeships[v]++
		d.kinds[string(rec.n.(*ecosystem.Organisation).Kind)]++
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

// orgCandidates returns the organisations a filter can match, from the narrowest index that
// applies (themes, kinds, voivodeship); orgMatches still decides each.
func (g *graph) orgCandidates(f store.OrganisationFilter) []*node {
	if f.Identifier != "" {
		if rec, ok := g.identifiers[f.Identifier]; ok {
			return []*node{rec}
		}
		return nil
	}
	if len(f.Themes) > 0 {
		return g.hostCandidates(f.Themes)
	}
	if len(f.Kinds) > 0 || f.Voivodeship != "" {
		d := g.derive()
		if f.Voivodeship != "" && (len(f.Kinds) == 0 || len(d.byVoivodeship[f.Voivodeship]) < g.countKinds(d, f.Kinds)) {
			return d.byVoivodeship[f.Voivodeship]
		}
		var out []*node
		seen := map[ecosystem.OrganisationKind]bool{}
		for _, k := range f.Kinds {
			if !seen[k] {
				seen[k] = true
				out = append(out, d.byKind[k]...)
			}
		}
		return out
	}
	out := make([]*node, 0, len(g.byType[ecosystem.NodeOrganisation]))
	for _, rec := range g.byType[ecosystem.NodeOrganisation] {
		out = append(out, rec)
	}
	return out
}

func (g *graph) countKinds(d *derived, kinds []ecosystem.OrganisationKind) int {
	n := 0
	for _, k := range slices.Compact(slices.Sorted(slices.Values(kinds))) {
		n += len(d.byKind[k])
	}
	return n
}

// themeOrgs returns the organisations with evidence for theme t.
func (d *derived) themeOrgs(t ecosystem.Theme) []*node {
	d.themeMu.Lock()
	defer d.themeMu.Unlock()
	orgs, ok := d.orgsByTheme[t]
	if !ok {
		orgs = themeCandidates(d.practicesByTheme[t], d.eventsByTheme[t])
		d.orgsByTheme[t] = orgs
	}
	return orgs
}
