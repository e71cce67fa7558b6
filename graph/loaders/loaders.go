// Package loaders batches the reads of one GraphQL request: every node and relation lookup made
// while resolving one level of a query is gathered into one store call, so a request costs a
// bounded number of store round trips whatever the number of rows. Loaders live for one request
// (they cache) and travel in its context.
package loaders

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// RelKey asks for the relations of one node in one direction, restricted to some types.
type RelKey struct {
	Node ecosystem.NodeKey
	Dir  ecosystem.Direction
	// Types is the comma-joined, sorted list of relation types; "" means all.
	Types string
}

// NewRelKey builds a RelKey; the order of types does not matter.
func NewRelKey(node ecosystem.NodeKey, dir ecosystem.Direction, types ...ecosystem.RelationType) RelKey {
	names := make([]string, len(types))
	for i, t := range types {
		names[i] = string(t)
	}
	slices.Sort(names)
	return RelKey{Node: node, Dir: dir, Types: strings.Join(slices.Compact(names), ",")}
}

func (k RelKey) types() []ecosystem.RelationType {
	if k.Types == "" {
		return nil
	}
	parts := strings.Split(k.Types, ",")
	out := make([]ecosystem.RelationType, len(parts))
	for i, p := range parts {
		out[i] = ecosystem.RelationType(p)
	}
	return out
}

// Loaders are the batching loaders of one request.
type Loaders struct {
	// Node loads nodes by key; a missing node is an error wrapping store.ErrNotFound.
	Node *Loader[ecosystem.NodeKey, ecosystem.Node]
	// Relations loads the relations of a node (in the store's order).
	Relations *Loader[RelKey, []*ecosystem.Relation]
}

// New returns fresh loaders over s. A loader calls the store as soon as the request's resolvers
// stop adding keys, and at the latest wait after the first key (see Loader).
func New(s store.Store, wait time.Duration) *Loaders {
	l := &Loaders{Node: NewLoader(fetchNodes(s), wait)}
	l.Relations = NewLoader(fetchRelations(s, l.Node), wait)
	return l
}

func fetchNodes(s store.Store) func(context.Context, []ecosystem.NodeKey) ([]ecosystem.Node, []error) {
	return func(ctx context.Context, keys []ecosystem.NodeKey) ([]ecosystem.Node, []error) {
		nodes, err := s.Nodes(ctx, keys)
		errs := make([]error, len(keys))
		if err != nil {
			for i := range errs {
				errs[i] = err
			}
			return make([]ecosystem.Node, len(keys)), errs
		}
		for i, n := range nodes {
			if n == nil {
				errs[i] = store.NotFoundf("%s does not exist", keys[i])
			}
		}
		return nodes, errs
	}
}

// fetchRelations fetches relations; from a store.EndsReader, with the nodes at their other ends,
// which it primes the node loader with.
func fetchRelations(s store.Store, nodes *Loader[ecosystem.NodeKey, ecosystem.Node]) func(context.Context, []RelKey) ([][]*ecosystem.Relation, []error) {
	return func(ctx context.Context, keys []RelKey) ([][]*ecosystem.Relation, []error) {
		out := make([][]*ecosystem.Relation, len(keys))
		errs := make([]error, len(keys))
		// One request per distinct (direction, types) combination: in practice one per field
		// of the query, whatever the number of parent rows.
		groups := map[[2]string][]int{}
		var order [][2]string
		for i, k := range keys {
			g := [2]string{string(k.Dir), k.Types}
			if _, ok := groups[g]; !ok {
				order = append(order, g)
			}
			groups[g] = append(groups[g], i)
		}
		// All of them in one store call, which a networked store answers in one round trip.
		reqs := make([]store.RelationRequest, len(order))
		for gi, g := range order {
			idx := groups[g]
			nodes := make([]ecosystem.NodeKey, len(idx))
			for j, i := range idx {
				nodes[j] = keys[i].Node
			}
			reqs[gi] = store.RelationRequest{Keys: nodes, Query: store.RelationQuery{Types: keys[idx[0]].types(), Direction: ecosystem.Direction(g[0])}}
		}
		var res [][][]*ecosystem.Relation
		var err error
		if er, ok := s.(store.EndsReader); ok {
			var ends []ecosystem.Node
			res, ends, err = er.RelationsBatchWithEnds(ctx, reqs)
			for _, n := range ends {
				nodes.Prime(n.Key(), n)
			}
		} else {
			res, err = s.RelationsBatch(ctx, reqs)
		}
		for gi, g := range order {
			for j, i := range groups[g] {
				if err != nil {
					errs[i] = err
					continue
				}
				out[i] = res[gi][j]
			}
		}
		return out, errs
	}
}

type ctxKey struct{}

// Middleware gives every request its own loaders.
func Middleware(s store.Store, wait time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r.WithContext(WithLoaders(r.Context(), New(s, wait))))
	})
}

// WithLoaders returns a context carrying l.
func WithLoaders(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, ctxKey{}, l)
}

// For returns the loaders of the request; it panics when the middleware is missing, which is a
// wiring bug caught by any test that runs a query.
func For(ctx context.Context) *Loaders {
	l, ok := ctx.Value(ctxKey{}).(*Loaders)
	if !ok {
		panic("loaders: no loaders in context; wrap the handler with loaders.Middleware")
	}
	return l
}
