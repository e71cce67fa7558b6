package memory

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/polish"
	"github.com/wtz-graph/kg/store"
)

// Organisations implements store.Store.
func (s *Store) Organisations(ctx context.Context, f store.OrganisationFilter, o store.OrganisationOrder, p store.Page) (*store.OrganisationPage, error) {
	o, err := store.CheckOrder(o)
	if err != nil {
		return nil, err
	}
	if err := store.CheckNear(f, o); err != nil {
		return nil, err
	}
	var nameQuery *polish.Query
	if strings.TrimSpace(f.Name) != "" {
		q := polish.NewQuery(f.Name)
		nameQuery = &q
	}
	var page *store.OrganisationPage
	err = s.read(ctx, func(g *graph) error {
		var keys []store.OrgSortKey
		var seats map[*node]*ecosystem.GeoPoint
		if f.Near != nil {
			seats = g.derive().seat
		}
		for _, rec := range g.orgCandidates(f) {
			if !g.orgMatches(rec, f, nameQuery) {
				continue
			}
			dist, ok := store.SeatDistance(f, seats[rec])
			if !ok {
				continue
			}
			org := rec.n.(*ecosystem.Organisation)
			k := store.NewOrgSortKey(o.Field, org.Slug, rec.sortName, org.Kind, rec.degree())
			k.Distance = dist
			keys = append(keys, k)
		}
		selected, pg, err := store.PageOf(keys, o, p)
		if err != nil {
			return err
		}
		for _, k := range selected {
			rec := g.byType[ecosystem.NodeOrganisation][k.Slug]
			pg.Items = append(pg.Items, g.copyOut(rec).(*ecosystem.Organisation))
			if f.Near != nil {
				d, _ := store.SeatDistance(f, seats[rec])
				pg.Distances = append(pg.Distances, d)
			}
		}
		page = pg
		return nil
	})
	if err != nil {
		return nil, err
	}
	return page, nil
}

// orgMatches applies an organisation filter.
func (g *graph) orgMatches(rec *node, f store.OrganisationFilter, name *polish.Query) bool {
	org := rec.n.(*ecosystem.Organisation)
	if len(f.Kinds) > 0 && !slices.Contains(f.Kinds, org.Kind) {
		return false
	}
	if f.Country != "" && org.Country != f.Country {
		return false
	}
	if f.Identifier != "" && !slices.ContainsFunc(org.Identifiers, func(id ecosystem.Identifier) bool { return id.Key() == f.Identifier }) {
		return false
	}
	if f.Voivodeship != "" && g.orgVoivodeship(rec) != f.Voivodeship {
		return false
	}
	if f.Within != nil && !g.orgWithin(rec, *f.Within) {
		return false
	}
	if name != nil && !name.MatchesAll(rec.names) {
		return false
	}
	if len(f.Themes) > 0 && len(g.themeEvidence(rec, f.Themes)) == 0 {
		return false
	}
	return true
}

// Practices implements store.Store.
func (s *Store) Practices(ctx context.Context, f store.PracticeFilter) ([]*ecosystem.Practice, error) {
	var text *polish.Query
	if strings.TrimSpace(f.Text) != "" {
		q := polish.NewQuery(f.Text)
		text = &q
	}
	out := []*ecosystem.Practice{}
	err := s.read(ctx, func(g *graph) error {
		var allowed map[*node]bool
		restrict := func(set map[*node]bool) {
			if allowed == nil {
				allowed = set
				return
			}
			for k := range allowed {
				if !set[k] {
					delete(allowed, k)
				}
			}
		}
		if f.Organisation != nil {
			set := map[*node]bool{}
			if rec, ok := g.nodes[*f.Organisation]; ok {
				for _, p := range g.neighbours(rec, ecosystem.DirOut, ecosystem.RelPractises, ecosystem.RelDeveloped, ecosystem.RelRecognised) {
					set[p] = true
				}
			}
			restrict(set)
		}
		if f.Event != nil {
			set := map[*node]bool{}
			if rec, ok := g.nodes[*f.Event]; ok {
				for _, ev := range g.eventAndParts(rec) {
					for _, p := range g.neighbours(ev, ecosystem.DirOut, ecosystem.RelShowcased) {
						set[p] = true
					}
				}
			}
			restrict(set)
		}
		var recs []*node
		for _, rec := range g.byType[ecosystem.NodePractice] {
			if allowed != nil && !allowed[rec] {
				continue
			}
			pr := rec.n.(*ecosystem.Practice)
			if len(f.Themes) > 0 && !overlaps(pr.Themes, f.Themes) {
				continue
			}
			if text != nil && !text.MatchesAll(rec.names) {
				continue
			}
			recs = append(recs, rec)
		}
		sortByName(recs)
		if f.Limit > 0 && len(recs) > f.Limit {
			recs = recs[:f.Limit]
		}
		for _, rec := range recs {
			out = append(out, g.copyOut(rec).(*ecosystem.Practice))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Sources implements store.Store.
func (s *Store) Sources(ctx context.Context) ([]*ecosystem.Source, error) {
	out := []*ecosystem.Source{}
	err := s.read(ctx, func(g *graph) error {
		for _, rec := range g.byType[ecosystem.NodeSource] {
			out = append(out, g.copyOut(rec).(*ecosystem.Source))
		}
		return nil
	})
	slices.SortFunc(out, func(a, b *ecosystem.Source) int { return strings.Compare(a.Slug, b.Slug) })
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eventAndParts returns an event and every event PART_OF it, transitively, down to
// ecosystem.MaxEventDepth levels.
func (g *graph) eventAndParts(rec *node) []*node {
	out := []*node{rec}
	seen := map[*node]bool{rec: true}
	frontier := out
	for depth := 0; depth < ecosystem.MaxEventDepth && len(frontier) > 0; depth++ {
		var next []*node
		for _, x := range frontier {
			for _, part := range g.neighbours(x, ecosystem.DirIn, ecosystem.RelPartOf) {
				if _, isEvent := part.n.(*ecosystem.Event); isEvent && !seen[part] {
					seen[part] = true
					next = append(next, part)
				}
			}
		}
		out = append(out, next...)
		frontier = next
	}
	return out
}

// eventAncestors returns the events an event is PART_OF, transitively up to
// ecosystem.MaxEventDepth levels: nearest first, and by global id among events at the same
// distance (the order ecosystem.InheritedDates reads them in).
func (g *graph) eventAncestors(rec *node) []*node {
	var out []*node
	seen := map[*node]bool{rec: true}
	frontier := []*node{rec}
	for depth := 0; depth < ecosystem.MaxEventDepth && len(frontier) > 0; depth++ {
		var next []*node
		for _, x := range frontier {
			for _, up := range g.neighbours(x, ecosystem.DirOut, ecosystem.RelPartOf) {
				if _, isEvent := up.n.(*ecosystem.Event); isEvent && !seen[up] {
					seen[up] = true
					next = append(next, up)
				}
			}
		}
		slices.SortFunc(next, func(a, b *node) int { return strings.Compare(a.gid, b.gid) })
		out = append(out, next...)
		frontier = next
	}
	return out
}

func overlaps[T comparable](a, b []T) bool {
	for _, x := range a {
		if slices.Contains(b, x) {
			return true
		}
	}
	return false
}

// sortByName orders nodes by sort name, then global id.
func sortByName(recs []*node) {
	slices.SortFunc(recs, func(a, b *node) int {
		return cmp.Or(strings.Compare(a.sortName, b.sortName), strings.Compare(a.gid, b.gid))
	})
}
