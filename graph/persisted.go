package graph

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// PersistedQueries serves automatic persisted queries (Apollo's protocol, as gqlgen's
// extension.AutomaticPersistedQuery does), with a cache that anonymous clients can neither
// flush nor fill with what they like:
//
//   - The cache is in two parts: queries registered with the write token go to a part that
//     only requests bearing the token can fill (and so evict from); anonymous registrations go
//     to a part of their own, which anonymous traffic can churn. Lookups read both.
//   - A document is registered only once it has passed the shape checks and validation (as an
//     operation context mutator, after gqlgen parsed and validated it), never before: a
//     refused document is not kept.
//   - Each part keeps at most size entries and PersistedQueryBytes, and no document longer
//     than MaxCachedQueryBytes (such a document is run but must be sent whole each time).
type PersistedQueries struct {
	writers   *boundedLRU[string]
	anonymous *boundedLRU[string]
}

// NewPersistedQueries makes a cache of size entries in each part.
func NewPersistedQueries(size int) *PersistedQueries {
	weigh := func(hash, query string) int { return len(hash) + len(query) }
	return &PersistedQueries{
		writers:   newBoundedLRU(size, PersistedQueryBytes, 128, MaxCachedQueryBytes, weigh),
		anonymous: newBoundedLRU(size, PersistedQueryBytes, 128, MaxCachedQueryBytes, weigh),
	}
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
} = (*PersistedQueries)(nil)

// apqStats is the name gqlgen's extension files its statistics under.
const apqStats = "APQ"

// CodePersistedQueryNotFound is the code of a request naming a document the server does not hold.
const CodePersistedQueryNotFound = "PERSISTED_QUERY_NOT_FOUND"

// ExtensionName implements graphql.HandlerExtension.
func (*PersistedQueries) ExtensionName() string { return "AutomaticPersistedQuery" }

// Validate implements graphql.HandlerExtension.
func (*PersistedQueries) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters implements graphql.OperationParameterMutator: a request with the
// hash alone gets its document from the cache; one with the document and its hash has the hash
// checked, and the document is registered in MutateOperationContext if it validates.
func (p *PersistedQueries) MutateOperationParameters(ctx context.Context, raw *graphql.RawParams) *gqlerror.Error {
	ext, ok := raw.Extensions["persistedQuery"].(map[string]any)
	if !ok {
		if raw.Extensions["persistedQuery"] != nil {
			return gqlerror.Errorf("invalid APQ extension data")
		}
		return nil
	}
	hash, _ := ext["sha256Hash"].(string)
	if !versionOne(ext["version"]) {
		return gqlerror.Errorf("unsupported APQ version")
	}
	sent := raw.Query != ""
	if !sent {
		q, ok := p.Get(ctx, hash)
		if !ok {
			err := gqlerror.Errorf("PersistedQueryNotFound")
			errcode.Set(err, CodePersistedQueryNotFound)
			return err
		}
		raw.Query = q
	} else {
		sum := sha256.Sum256([]byte(raw.Query))
		if hex.EncodeToString(sum[:]) != hash {
			return gqlerror.Errorf("provided APQ hash does not match query")
		}
	}
	if oc := graphql.GetOperationContext(ctx); oc != nil {
		oc.Stats.SetExtension(apqStats, &extension.ApqStats{Hash: hash, SentQuery: sent})
	}
	return nil
}

// MutateOperationContext implements graphql.OperationContextMutator: it runs once the document
// is parsed and validated, and registers a document sent with its hash.
func (p *PersistedQueries) MutateOperationContext(ctx context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	if s, ok := oc.Stats.GetExtension(apqStats).(*extension.ApqStats); ok && s.SentQuery && oc.Doc != nil {
		p.Add(ctx, s.Hash, oc.RawQuery)
	}
	return nil
}

// versionOne tells whether an APQ version, as JSON decoded it, is 1.
func versionOne(v any) bool {
	switch n := v.(type) {
	case json.Number:
		i, err := n.Int64()
		return err == nil && i == 1
	case float64:
		return n == 1
	case int:
		return n == 1
	case int64:
		return n == 1
	}
	return false
}

// Get looks a hash up in both parts.
func (p *PersistedQueries) Get(ctx context.Context, hash string) (string, bool) {
	if q, ok := p.writers.Get(ctx, hash); ok {
		return q, true
	}
	return p.anonymous.Get(ctx, hash)
}

// Add registers a document in the writers' part for requests bearing the write token, else
// in the anonymous part.
func (p *PersistedQueries) Add(ctx context.Context, hash, query string) {
	if IsWriter(ctx) {
		p.writers.Add(ctx, hash, query)
		return
	}
	p.anonymous.Add(ctx, hash, query)
}

// Len is the number of registered documents and Bytes what they weigh, in both parts.
func (p *PersistedQueries) Len() int   { return p.writers.Len() + p.anonymous.Len() }
func (p *PersistedQueries) Bytes() int { return p.writers.Bytes() + p.anonymous.Bytes() }

type writerKey struct{}

// WithWriter marks a request that bears the write token.
func WithWriter(ctx context.Context) context.Context {
	return context.WithValue(ctx, writerKey{}, true)
}

// IsWriter tells whether WithWriter marked the request.
func IsWriter(ctx context.Context) bool { ok, _ := ctx.Value(writerKey{}).(bool); return ok }
