package graph

import (
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/gazetteer"
	"github.com/wtz-graph/kg/geo"
	"github.com/wtz-graph/kg/graph/loaders"
	"github.com/wtz-graph/kg/store"
)

// Bounds on arguments: a request that asks for more is refused with BAD_USER_INPUT naming the
// bound, before the store is touched.
const (
	MaxSearchResults   = 50
	MaxPageSize        = 100
	MaxRelations       = 500
	MaxPathHops        = 6
	MaxPaths           = 20
	MaxDepth           = 3
	MaxNeighbourhood   = 500
	MaxTextLength      = 200
	MaxIDs             = 100
	MaxRadiusKm        = 5000
	MaxImportBytes     = 900 << 10
	defaultPathHops    = 4
	defaultNeighbours  = 100
	defaultSearchLimit = 10
	// defaultView is how many items a typed view of relations (an organisation's events, a
	// place's organisations) returns without first.
	defaultView = 100
)

// intArg reads an optional integer argument, applying its default and bounds.
func intArg(name string, v *int, def, lo, hi int) (int, error) {
	if v == nil {
		return def, nil
	}
	if *v < lo || *v > hi {
		return 0, badInput("%s must be between %d and %d, got %d", name, lo, hi, *v)
	}
	return *v, nil
}

// uniq removes repeats from an enum list argument, keeping the first occurrence. Enum values
// are few, so once repeats are gone a list is bounded however long the request made it.
func uniq[T comparable](in []T) []T {
	if len(in) == 0 {
		return nil
	}
	out := make([]T, 0, min(len(in), 64))
	for _, v := range in {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// textArg checks a free-text argument's length.
func textArg(name, s string) (string, error) {
	if utf8.RuneCountInString(s) > MaxTextLength {
		return "", badInput("%s is longer than %d characters", name, MaxTextLength)
	}
	return strings.TrimSpace(s), nil
}

// parseKey reads an id argument of the given type: a global id ("Organisation:mops-gdynia") or
// a bare slug ("mops-gdynia").
func parseKey(id string, want ecosystem.NodeType) (ecosystem.NodeKey, error) {
	if strings.Contains(id, ":") {
		k, err := ecosystem.ParseGlobalID(id)
		if err != nil {
			return ecosystem.NodeKey{}, badInput("%v", err)
		}
		if k.Type != want {
			return ecosystem.NodeKey{}, badInput("%s is not a %s id", id, want.TypeName())
		}
		return k, nil
	}
	if err := ecosystem.ValidateSlug(id); err != nil {
		return ecosystem.NodeKey{}, badInput("%v", err)
	}
	return ecosystem.NodeKey{Type: want, Slug: id}, nil
}

// resolveKey reads an id argument of any type. A bare slug is looked up under every node type
// and must name exactly one node.
func resolveKey(ctx context.Context, id string) (ecosystem.NodeKey, error) {
	if strings.Contains(id, ":") {
		k, err := ecosystem.ParseGlobalID(id)
		if err != nil {
			return ecosystem.NodeKey{}, badInput("%v", err)
		}
		return canonical(ctx, k)
	}
	if err := ecosystem.ValidateSlug(id); err != nil {
		return ecosystem.NodeKey{}, badInput("%v", err)
	}
	keys := make([]ecosystem.NodeKey, len(ecosystem.AllNodeTypes))
	for i, t := range ecosystem.AllNodeTypes {
		keys[i] = ecosystem.NodeKey{Type: t, Slug: id}
	}
	nodes, err := loadAll(ctx, keys)
	if err != nil {
		return ecosystem.NodeKey{}, err
	}
	var found []ecosystem.NodeKey
	for _, n := range nodes {
		if n != nil && !slices.Contains(found, n.Key()) {
			found = append(found, n.Key())
		}
	}
	switch len(found) {
	case 0:
		return ecosystem.NodeKey{}, notFound("nothing has the id %q", id)
	case 1:
		return found[0], nil
	}
	names := make([]string, len(found))
	for i, k := range found {
		names[i] = k.GlobalID()
	}
	return ecosystem.NodeKey{}, badInput("%q names several nodes; use one of the global ids %s", id, strings.Join(names, ", "))
}

// canonical returns the key of the node k names: k itself, or the survivor when k was merged
// into another node. An unknown key is returned as it is; the caller's store call reports it.
func canonical(ctx context.Context, k ecosystem.NodeKey) (ecosystem.NodeKey, error) {
	nodes, err := loadAll(ctx, []ecosystem.NodeKey{k})
	if err != nil {
		return k, err
	}
	if nodes[0] != nil {
		return nodes[0].Key(), nil
	}
	return k, nil
}

// loadAll loads nodes through the request's loader, with nil for missing ones.
func loadAll(ctx context.Context, keys []ecosystem.NodeKey) ([]ecosystem.Node, error) {
	l := loaders.For(ctx).Node
	out := make([]ecosystem.Node, len(keys))
	thunks := make([]func() (ecosystem.Node, error), len(keys))
	for i, k := range keys {
		thunks[i] = l.LoadThunk(ctx, k)
	}
	for i, th := range thunks {
		n, err := th()
		switch {
		case errors.Is(err, store.ErrNotFound):
		case err != nil:
			return nil, err
		default:
			out[i] = n
		}
	}
	return out, nil
}

// load loads one node; a missing node is NOT_FOUND.
func load(ctx context.Context, k ecosystem.NodeKey) (ecosystem.Node, error) {
	n, err := loaders.For(ctx).Node.Load(ctx, k)
	if err != nil {
		return nil, err
	}
	return n, nil
}

// loadAs loads one node of a known Go type.
func loadAs[T ecosystem.Node](ctx context.Context, k ecosystem.NodeKey) (T, error) {
	var zero T
	n, err := load(ctx, k)
	if err != nil {
		return zero, err
	}
	t, ok := n.(T)
	if !ok {
		return zero, notFound("%s is not a %s", k, k.Type.TypeName())
	}
	return t, nil
}

// loadOptional loads a node that may be absent (nil key).
func loadOptional[T ecosystem.Node](ctx context.Context, k *ecosystem.NodeKey) (T, error) {
	var zero T
	if k == nil {
		return zero, nil
	}
	return loadAs[T](ctx, *k)
}

// related loads the relations of a node in one direction, restricted to types.
func related(ctx context.Context, k ecosystem.NodeKey, dir ecosystem.Direction, types ...ecosystem.RelationType) ([]*ecosystem.Relation, error) {
	return loaders.For(ctx).Relations.Load(ctx, loaders.NewRelKey(k, dir, types...))
}

// relatedNodes loads the other ends of a node's relations, typed, without repeats, in the
// relations' order.
func relatedNodes[T ecosystem.Node](ctx context.Context, k ecosystem.NodeKey, dir ecosystem.Direction, types ...ecosystem.RelationType) ([]T, error) {
	rels, err := related(ctx, k, dir, types...)
	if err != nil {
		return nil, err
	}
	want := nodeTypeOf[T]()
	keys := make([]ecosystem.NodeKey, 0, min(len(rels), 64))
	seen := make(map[ecosystem.NodeKey]bool, min(len(rels), 64))
	for _, r := range rels {
		if o := r.Other(k); !seen[o] && (want == "" || o.Type == want) {
			seen[o] = true
			keys = append(keys, o)
		}
	}
	return loadTyped[T](ctx, keys)
}

// nodeTypeOf is the node type of Go type T, or "" for any node.
func nodeTypeOf[T ecosystem.Node]() ecosystem.NodeType {
	var zero T
	switch any(zero).(type) {
	case *ecosystem.Organisation:
		return ecosystem.NodeOrganisation
	case *ecosystem.Person:
		return ecosystem.NodePerson
	case *ecosystem.Project:
		return ecosystem.NodeProject
	case *ecosystem.Programme:
		return ecosystem.NodeProgramme
	case *ecosystem.Event:
		return ecosystem.NodeEvent
	case *ecosystem.Practice:
		return ecosystem.NodePractice
	case *ecosystem.Place:
		return ecosystem.NodePlace
	case *ecosystem.Source:
		return ecosystem.NodeSource
	}
	return ""
}

// loadTyped loads nodes and keeps those of Go type T, in order.
func loadTyped[T ecosystem.Node](ctx context.Context, keys []ecosystem.NodeKey) ([]T, error) {
	nodes, err := loadAll(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := make([]T, 0, len(nodes))
	for _, n := range nodes {
		if t, ok := n.(T); ok {
			out = append(out, t)
		}
	}
	return out, nil
}

// resolvePlace reads a place argument: a place id or slug, a voivodeship code or name, or a
// place name that search resolves unambiguously.
func (r *Resolver) resolvePlace(ctx context.Context, s string) (ecosystem.NodeKey, error) {
	s, err := textArg("place", s)
	if err != nil {
		return ecosystem.NodeKey{}, err
	}
	if s == "" {
		return ecosystem.NodeKey{}, badInput("place must not be empty")
	}
	if v, ok := geo.ResolveVoivodeship(s); ok {
		return ecosystem.NodeKey{Type: ecosystem.NodePlace, Slug: v.Slug}, nil
	}
	if k, err := ecosystem.ParseGlobalID(s); err == nil {
		if k.Type != ecosystem.NodePlace {
			return ecosystem.NodeKey{}, badInput("%s is not a Place id", s)
		}
		return k, nil
	}
	if ecosystem.ValidateSlug(s) == nil {
		k := ecosystem.NodeKey{Type: ecosystem.NodePlace, Slug: s}
		if n, err := loadAll(ctx, []ecosystem.NodeKey{k}); err == nil && n[0] != nil {
			return k, nil
		}
	}
	hits, err := r.Store.Search(ctx, store.SearchQuery{Text: s, Types: []ecosystem.NodeType{ecosystem.NodePlace}, Limit: 2})
	if err != nil {
		return ecosystem.NodeKey{}, err
	}
	if len(hits) == 0 || hits[0].Score < 0.9 {
		return ecosystem.NodeKey{}, notFound("no place matches %q", s)
	}
	if len(hits) > 1 && hits[1].Score == hits[0].Score {
		return ecosystem.NodeKey{}, badInput("%q matches several places (%s, %s); use a place id", s, hits[0].Node, hits[1].Node)
	}
	return hits[0].Node, nil
}

// ambiguity is the BAD_USER_INPUT answer to a gazetteer error that lists homonyms, or nil for
// any other error. The candidates are the gazetteer's words, not the client's: not cut.
func ambiguity(text string, err error) error {
	var ambiguous *gazetteer.AmbiguousError
	if !errors.As(err, &ambiguous) {
		return nil
	}
	return badInput("%q names %d places: %s; add the powiat or voivodeship after a comma", text,
		len(ambiguous.Candidates), ownText(strings.Join(ambiguous.Candidates, "; ")))
}

// ownText is text of the server's own that a message quotes whole (client strings are cut).
type ownText string

// isNotFound reports whether err says that something does not exist.
func isNotFound(err error) bool {
	var api *apiError
	return errors.Is(err, store.ErrNotFound) || (errors.As(err, &api) && api.code == CodeNotFound)
}

// nearPoint reads the visit planner's near argument.
func (r *Resolver) nearPoint(ctx context.Context, lat, lon *float64, place *string) (*ecosystem.GeoPoint, error) {
	switch {
	case place != nil && (lat != nil || lon != nil):
		return nil, badInput("near takes either place or lat and lon, not both")
	case place != nil:
		// A place of the graph with a point first; then any Polish town, gmina, powiat or
		// voivodeship the gazetteer knows, in any grammatical case.
		k, err := r.resolvePlace(ctx, *place)
		var known error
		if err == nil {
			p, err := loadAs[*ecosystem.Place](ctx, k)
			if err != nil {
				return nil, err
			}
			if p.Point != nil {
				pt := *p.Point
				return &pt, nil
			}
			known = badInput("%s has no coordinates; give lat and lon instead", k)
		} else if !isNotFound(err) {
			return nil, err
		}
		gp, gerr := r.gazetteer().Resolve(gazetteer.Query{Text: *place})
		switch {
		case gerr == nil && gp.Point != nil:
			pt := *gp.Point
			return &pt, nil
		case ambiguity(*place, gerr) != nil:
			return nil, ambiguity(*place, gerr)
		case known != nil:
			return nil, known
		}
		return nil, notFound("no place matches %q: it is neither a place of the graph nor a Polish voivodeship, powiat, gmina or town", *place)
	case lat == nil || lon == nil:
		return nil, badInput("near needs both lat and lon, or a place")
	case math.IsNaN(*lat) || *lat < -90 || *lat > 90:
		return nil, badInput("near.lat must be between -90 and 90")
	case math.IsNaN(*lon) || *lon < -180 || *lon > 180:
		return nil, badInput("near.lon must be between -180 and 180")
	}
	return &ecosystem.GeoPoint{Lat: *lat, Lon: *lon}, nil
}
