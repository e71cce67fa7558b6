package graph

import (
	"context"
	"errors"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/gazetteer"
	"github.com/wtz-graph/kg/geo"
	"github.com/wtz-graph/kg/graph/bound"
	"github.com/wtz-graph/kg/graph/generated"
	"github.com/wtz-graph/kg/match"
	"github.com/wtz-graph/kg/polish"
	"github.com/wtz-graph/kg/store"
)

// lookup implements the typed root lookups: an id or slug of the given type; null with
// NOT_FOUND when there is no such node.
func lookup[T ecosystem.Node](ctx context.Context, id string, t ecosystem.NodeType) (T, error) {
	var zero T
	k, err := parseKey(id, t)
	if err != nil {
		return zero, err
	}
	return loadAs[T](ctx, k)
}

// lookupPlanned is lookup with the root field's selection read in the same call, where the
// store can (Resolver.prefetch): one round trip for the node and its typed views.
func lookupPlanned[T ecosystem.Node](ctx context.Context, r *Resolver, id string, t ecosystem.NodeType) (T, error) {
	var zero T
	k, err := parseKey(id, t)
	if err != nil {
		return zero, err
	}
	r.prefetch(ctx, t.TypeName(), []ecosystem.NodeKey{k}, rootSelection(ctx))
	return loadAs[T](ctx, k)
}

// prefetchOrganisations prefetches below a page of organisations what the connection's nodes
// and edges select.
func (r *Resolver) prefetchOrganisations(ctx context.Context, items []*ecosystem.Organisation) {
	r.prefetch(ctx, "Organisation", keysOf(items), itemSelection(ctx, "OrganisationConnection"))
}

// itemSelection is what a connection's nodes and its edges' node select.
func itemSelection(ctx context.Context, connection string) ast.SelectionSet {
	return planner{op: graphql.GetOperationContext(ctx)}.items(connection, rootSelection(ctx))
}

// keysOf are the keys of nodes.
func keysOf[T ecosystem.Node](nodes []T) []ecosystem.NodeKey {
	out := make([]ecosystem.NodeKey, len(nodes))
	for i, n := range nodes {
		out[i] = n.Key()
	}
	return out
}

// pointers turns a slice of values into a slice of pointers to them, as gqlgen wants.
func pointers[T any](in []T) []*T {
	out := make([]*T, len(in))
	for i := range in {
		out[i] = &in[i]
	}
	return out
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

// organisationFilter turns the GraphQL filter into the store's.
func (r *Resolver) organisationFilter(ctx context.Context, in *generated.OrganisationFilter) (store.OrganisationFilter, error) {
	var f store.OrganisationFilter
	if in == nil {
		return f, nil
	}
	f.Kinds, f.Themes = uniq(in.Kinds), uniq(in.Themes)
	if in.Voivodeship != nil {
		v, ok := geo.ResolveVoivodeship(*in.Voivodeship)
		if !ok {
			return f, badInput("%q is not a voivodeship: give a TERYT code such as 22 or a name such as pomorskie", *in.Voivodeship)
		}
		f.Voivodeship = v.Slug
	}
	if in.Place != nil {
		k, err := r.resolveRegion(ctx, *in.Place)
		if err != nil {
			return f, err
		}
		f.Within = &k
	}
	if in.Near != nil {
		var err error
		if f.Near, err = r.nearPoint(ctx, in.Near.Lat, in.Near.Lon, in.Near.Place); err != nil {
			return f, err
		}
		if in.Near.RadiusKm != nil {
			if *in.Near.RadiusKm <= 0 || *in.Near.RadiusKm > MaxRadiusKm {
				return f, badInput("near.radiusKm must be greater than 0 and at most %d", MaxRadiusKm)
			}
			f.RadiusKm = *in.Near.RadiusKm
		}
	}
	if in.Identifier != nil {
		key, err := identifierArg(*in.Identifier)
		if err != nil {
			return f, err
		}
		f.Identifier = key
	}
	if in.Country != nil {
		c := strings.ToUpper(strings.TrimSpace(*in.Country))
		if len(c) != 2 || c[0] < 'A' || c[0] > 'Z' || c[1] < 'A' || c[1] > 'Z' {
			return f, badInput("country must be an ISO 3166-1 alpha-2 code such as PL or SE")
		}
		f.Country = c
	}
	if in.Name != nil {
		name, err := textArg("name", *in.Name)
		if err != nil {
			return f, err
		}
		if polish.NewQuery(name).IsEmpty() {
			return f, badInput("name %q has no searchable words", name)
		}
		f.Name = name
	}
	return f, nil
}

func organisationOrder(in *generated.OrganisationOrder) store.OrganisationOrder {
	if in == nil {
		return store.OrganisationOrder{Field: store.OrderByName}
	}
	return store.OrganisationOrder{Field: store.OrderField(in.Field), Desc: in.Direction == generated.OrderDirectionDesc}
}

// connection turns a store page into a Relay connection.
func connection(page *store.OrganisationPage) *generated.OrganisationConnection {
	c := &generated.OrganisationConnection{
		Nodes:      page.Items,
		Edges:      make([]*generated.OrganisationEdge, len(page.Items)),
		TotalCount: page.TotalCount,
		PageInfo:   &generated.PageInfo{HasNextPage: page.HasNextPage, HasPreviousPage: page.HasPreviousPage},
	}
	for i, o := range page.Items {
		c.Edges[i] = &generated.OrganisationEdge{Cursor: page.Cursors[i], Node: o}
		if i < len(page.Distances) {
			c.Edges[i].DistanceKm = page.Distances[i]
		}
	}
	if n := len(page.Cursors); n > 0 {
		c.PageInfo.StartCursor = &page.Cursors[0]
		c.PageInfo.EndCursor = &page.Cursors[n-1]
	}
	return c
}

func practiceFilter(in *generated.PracticeFilter) (store.PracticeFilter, error) {
	var f store.PracticeFilter
	if in == nil {
		return f, nil
	}
	f.Themes = uniq(in.Themes)
	if in.Organisation != nil {
		k, err := parseKey(*in.Organisation, ecosystem.NodeOrganisation)
		if err != nil {
			return f, err
		}
		f.Organisation = &k
	}
	if in.Event != nil {
		k, err := parseKey(*in.Event, ecosystem.NodeEvent)
		if err != nil {
			return f, err
		}
		f.Event = &k
	}
	if in.Text != nil {
		text, err := textArg("text", *in.Text)
		if err != nil {
			return f, err
		}
		if polish.NewQuery(text).IsEmpty() {
			return f, badInput("text %q has no searchable words", text)
		}
		f.Text = text
	}
	return f, nil
}

func (r *Resolver) hostQuery(ctx context.Context, themes []ecosystem.Theme, near *generated.NearInput, region *string, kinds []ecosystem.OrganisationKind, first *int) (store.HostQuery, error) {
	q := store.HostQuery{Themes: themes, Kinds: kinds}
	var err error
	if q.Limit, err = intArg("first", first, min(10, r.maxPage()), 1, r.maxPage()); err != nil {
		return q, err
	}
	if near != nil {
		if q.Near, err = r.nearPoint(ctx, near.Lat, near.Lon, near.Place); err != nil {
			return q, err
		}
		if near.RadiusKm != nil {
			if *near.RadiusKm <= 0 || *near.RadiusKm > MaxRadiusKm {
				return q, badInput("near.radiusKm must be greater than 0 and at most %d", MaxRadiusKm)
			}
			q.RadiusKm = *near.RadiusKm
		}
	}
	if region != nil {
		k, err := r.resolveRegion(ctx, *region)
		if err != nil {
			return q, err
		}
		q.Within = &k
	}
	return q, nil
}

func partnersOf(ctx context.Context, s store.Store, k ecosystem.NodeKey, via []ecosystem.PartnershipKind, first *int, after *string, maxPage int) (*generated.PartnershipConnection, error) {
	limit, err := intArg("first", first, min(50, maxPage), 1, maxPage)
	if err != nil {
		return nil, err
	}
	ps, err := s.Partners(ctx, store.PartnerQuery{Of: k, Kinds: via, Limit: fetchLimit(ctx, "PartnershipConnection", limit, after, maxRanked)})
	if err != nil {
		return nil, err
	}
	p, err := cutPage(ps, func(p ecosystem.Partnership) string { return p.Partner.GlobalID() }, "partners", limit, after, maxRanked)
	if err != nil {
		return nil, err
	}
	nodes, err := boundPartners(ctx, p.items)
	if err != nil {
		return nil, err
	}
	c := &generated.PartnershipConnection{Nodes: []*bound.Partnership{}, Edges: []*generated.PartnershipEdge{}, PageInfo: p.info, TotalCount: p.total}
	for i, n := range nodes {
		if n != nil { // deleted meanwhile: left out with its cursor
			c.Nodes = append(c.Nodes, n)
			c.Edges = append(c.Edges, &generated.PartnershipEdge{Cursor: p.cursors[i], Node: n})
		}
	}
	return c, nil
}

func timelineOf(ctx context.Context, s store.Store, k ecosystem.NodeKey, from, to *ecosystem.PartialDate) ([]*ecosystem.TimelineEntry, error) {
	if from != nil && to != nil {
		a, okA := from.Earliest()
		b, okB := to.Latest()
		if !okA || !okB {
			return nil, badInput("timeline bounds need a year")
		}
		if b < a {
			return nil, badInput("from (%s) is after to (%s)", from, to)
		}
	}
	if (from != nil && from.Year == 0) || (to != nil && to.Year == 0) {
		return nil, badInput("timeline bounds need a year")
	}
	entries, err := s.Timeline(ctx, store.TimelineQuery{Node: k, From: from, To: to})
	out := pointers(entries)
	queueTimeline(ctx, out)
	return out, err
}

// organisationByIDOrIdentifier implements Query.organisation: exactly one of an id and an
// identifier (SCHEME:VALUE, normalised as imports normalise it).
func (r *Resolver) organisationByIDOrIdentifier(ctx context.Context, id, identifier *string) (*ecosystem.Organisation, error) {
	switch {
	case id != nil && identifier != nil:
		return nil, badInput("give id or identifier, not both")
	case id != nil:
		return lookupPlanned[*ecosystem.Organisation](ctx, r, *id, ecosystem.NodeOrganisation)
	case identifier == nil:
		return nil, badInput("give id or identifier")
	}
	key, err := identifierArg(*identifier)
	if err != nil {
		return nil, err
	}
	page, err := r.Store.Organisations(ctx, store.OrganisationFilter{Identifier: key}, store.OrganisationOrder{}, store.Page{First: 1})
	if err != nil {
		return nil, err
	}
	if len(page.Items) == 0 {
		return nil, notFound("no organisation has the identifier %s", key)
	}
	return page.Items[0], nil
}

// identifierArg reads an identifier argument, SCHEME:VALUE, into its normal key.
func identifierArg(s string) (string, error) {
	s, err := textArg("identifier", s)
	if err != nil {
		return "", err
	}
	id, err := ecosystem.ParseIdentifier(s)
	if err != nil {
		return "", badInput("identifier: %s", ownText(err.Error()))
	}
	return id.Key(), nil
}

// search implements Query.search: an organisation whose identifier the text is (KRS:…, or a
// bare KRS, NIP or REGON number) comes first with score 1, then the name matches.
// search ranks the hits of text: organisations by an identifier it holds first, then the
// store's ranking, up to limit.
func (r *Resolver) search(ctx context.Context, text string, types []ecosystem.NodeType, limit int) ([]ecosystem.SearchHit, error) {
	var out []ecosystem.SearchHit
	if len(types) == 0 || slices.Contains(types, ecosystem.NodeOrganisation) {
		for _, id := range ecosystem.IdentifierCandidates(text) {
			page, err := r.Store.Organisations(ctx, store.OrganisationFilter{Identifier: id.Key()}, store.OrganisationOrder{}, store.Page{First: 1})
			if err != nil {
				return nil, err
			}
			for _, o := range page.Items {
				if !slices.ContainsFunc(out, func(h ecosystem.SearchHit) bool { return h.Node == o.Key() }) {
					out = append(out, ecosystem.SearchHit{Node: o.Key(), Score: 1, Matched: id.Key()})
				}
			}
		}
	}
	hits, err := r.Store.Search(ctx, store.SearchQuery{Text: text, Types: types, Limit: limit})
	if err != nil && len(out) == 0 {
		return nil, err
	}
	for _, h := range hits {
		if len(out) < limit && !slices.ContainsFunc(out, func(x ecosystem.SearchHit) bool { return x.Node == h.Node }) {
			out = append(out, h)
		}
	}
	return out[:min(len(out), limit)], nil
}

// MaxMatchCandidates bounds Query.match's first.
const MaxMatchCandidates = 20

// match implements Query.match.
func (r *Resolver) match(ctx context.Context, in generated.MatchInput, first *int) (*generated.MatchResult, error) {
	return r.MatchOrganisations(ctx, in, first)
}

// MatchOrganisations scores the organisations a record may be (Query.match, and the W3C
// reconciliation endpoint). It needs no loaders in the context.
func (r *Resolver) MatchOrganisations(ctx context.Context, in generated.MatchInput, first *int) (*generated.MatchResult, error) {
	limit, err := intArg("first", first, 5, 1, MaxMatchCandidates)
	if err != nil {
		return nil, err
	}
	q, err := r.matchQuery(ctx, in)
	if err != nil {
		return nil, err
	}
	cands, err := match.Match(ctx, r.Store, q, limit)
	if err != nil {
		return nil, err
	}
	decision, _ := match.Decide(cands)
	out := &generated.MatchResult{Decision: decision, Candidates: make([]*match.Candidate, len(cands))}
	for i := range cands {
		out.Candidates[i] = &cands[i]
	}
	return out, nil
}

// tercShape tells whether s has the shape of a TERC code: 2, 4 or 7 digits.
func tercShape(s string) bool {
	if len(s) != 2 && len(s) != 4 && len(s) != 7 {
		return false
	}
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// matchQuery reads a MatchInput: the place through the graph or the gazetteer, into a TERYT
// code and a point.
func (r *Resolver) matchQuery(ctx context.Context, in generated.MatchInput) (match.Query, error) {
	var q match.Query
	if in.Name != nil {
		name, err := textArg("name", *in.Name)
		if err != nil {
			return q, err
		}
		q.Name = name
	}
	if in.Kind != nil {
		q.Kind = *in.Kind
	}
	if len(in.Identifiers) > 10 {
		return q, badInput("at most 10 identifiers")
	}
	for _, s := range in.Identifiers {
		id, err := ecosystem.ParseIdentifier(s)
		if err != nil {
			return q, badInput("identifiers: %s", ownText(err.Error()))
		}
		q.Identifiers = append(q.Identifiers, id)
	}
	if in.Terc != nil {
		terc, err := textArg("terc", *in.Terc)
		if err != nil {
			return q, err
		}
		if !tercShape(terc) {
			return q, badInput("terc %q is not a TERYT code of 2, 4 or 7 digits", terc)
		}
		// The code is at most 7 digits: the gazetteer's message may quote it whole.
		p, err := r.gazetteer().CheckCode(terc, gazetteer.UnitNames{})
		if err != nil {
			return q, badInput("terc: %s", ownText(err.Error()))
		}
		q.TERC = p.Code
		q.Point = p.Point
	}
	if in.Place != nil {
		place, err := textArg("place", *in.Place)
		if err != nil {
			return q, err
		}
		gp, err := r.gazetteer().Resolve(gazetteer.Query{Text: place})
		switch {
		case ambiguity(place, err) != nil:
			return q, ambiguity(place, err)
		case err != nil:
			return q, notFound("place: no Polish voivodeship, powiat, gmina or town is called %q", place)
		}
		if q.TERC == "" {
			q.TERC = gp.Code
			if gp.Kind == gazetteer.Locality {
				q.TERC = gp.GminaCode
				if q.TERC == "" {
					q.TERC = gp.PowiatCode
				}
			}
		}
		if q.Point == nil {
			q.Point = gp.Point
		}
	}
	if in.Lat != nil || in.Lon != nil {
		pt, err := r.nearPoint(ctx, in.Lat, in.Lon, nil)
		if err != nil {
			return q, err
		}
		q.Point = pt
	}
	if q.Name == "" && len(q.Identifiers) == 0 {
		return q, badInput("a match needs a name or an identifier")
	}
	return q, nil
}

// errNothingThere is a region the gazetteer knows (a Polish town, gmina or powiat) for which the
// graph holds no place: nothing of the graph is in it, and a listing within it is empty.
var errNothingThere = errors.New("the graph holds no place for this region")

// resolveRegion reads a region argument: a place of the graph (resolvePlace), or else any
// Polish unit the gazetteer knows, in any case form, which stands for the graph's place with
// its TERYT code. A unit the graph has no place for is errNothingThere.
func (r *Resolver) resolveRegion(ctx context.Context, s string) (ecosystem.NodeKey, error) {
	k, err := r.resolvePlace(ctx, s)
	if err == nil || !isNotFound(err) {
		return k, err
	}
	u, gerr := r.gazetteer().Resolve(gazetteer.Query{Text: s})
	switch {
	case ambiguity(s, gerr) != nil:
		return k, ambiguity(s, gerr)
	case gerr != nil:
		return k, notFound("no place matches %q: it is neither a place of the graph nor a Polish voivodeship, powiat, gmina or town", s)
	}
	if u.Kind == gazetteer.Voivodeship {
		if v, ok := geo.ResolveVoivodeship(u.Code); ok {
			return ecosystem.NodeKey{Type: ecosystem.NodePlace, Slug: v.Slug}, nil
		}
	}
	codes := []string{u.Code}
	if u.Kind == gazetteer.Locality {
		codes = []string{u.GminaCode, u.PowiatCode}
	}
	if u.Kind == gazetteer.CityPowiat {
		codes = append(codes, u.Code+"011")
	}
	hits, err := r.Store.Search(ctx, store.SearchQuery{Text: u.Name, Types: []ecosystem.NodeType{ecosystem.NodePlace}, Limit: 20})
	if err != nil {
		return k, err
	}
	keys := make([]ecosystem.NodeKey, len(hits))
	for i, h := range hits {
		keys[i] = h.Node
	}
	nodes, err := r.Store.Nodes(ctx, keys)
	if err != nil {
		return k, err
	}
	for _, code := range codes {
		for _, n := range nodes {
			if p, ok := n.(*ecosystem.Place); ok && code != "" && p.TERC == code {
				return p.Key(), nil
			}
		}
	}
	return k, errNothingThere
}
