package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
)

// PersistedQueries is the cache of automatic persisted queries, in two parts so that anonymous
// clients cannot flush what a dashboard registered: queries registered with the write token
// go to a part that only requests bearing the token can fill (and so evict from); anonymous
// registrations go to a part of their own, which anonymous traffic can churn. Lookups read
// both.
type PersistedQueries struct {
	writers   *lru.LRU[string]
	anonymous *lru.LRU[string]
}

// NewPersistedQueries makes a cache of size entries in each part.
func NewPersistedQueries(size int) *PersistedQueries {
	return &PersistedQueries{writers: lru.New[string](size), anonymous: lru.New[string](size)}
}

var _ graphql.Cache[string] = (*PersistedQueries)(nil)

// Get implements graphql.Cache.
func (p *PersistedQueries) Get(ctx context.Context, hash string) (string, bool) {
	if q, ok := p.writers.Get(ctx, hash); ok {
		return q, true
	}
	return p.anonymous.Get(ctx, hash)
}

// Add implements graphql.Cache.
func (p *PersistedQueries) Add(ctx context.Context, hash, query string) {
	if IsWriter(ctx) {
		p.writers.Add(ctx, hash, query)
		return
	}
	p.anonymous.Add(ctx, hash, query)
}

type writerKey struct{}

// WithWriter marks a request that bears the write token.
func WithWriter(ctx context.Context) context.Context {
	return context.WithValue(ctx, writerKey{}, true)
}

// IsWriter tells whether WithWriter marked the request.
func IsWriter(ctx context.Context) bool { ok, _ := ctx.Value(writerKey{}).(bool); return ok }
