// Package graph is the GraphQL layer: thin resolvers that parse arguments, call the store or a
// loader, and map errors in one place (errors.go). The schema lives in graph/schema, the
// generated executor in graph/generated, the domain types in graph/model.
package graph

import (
	"github.com/wtz-graph/kg/store"
)

// Resolver is the root resolver. It holds what every resolver needs and nothing per request:
// per-request state (loaders) travels in the context.
type Resolver struct {
	Store store.Store
	// MaxPageSize bounds first on organisations, partners and hosts; 0 means MaxPageSize.
	MaxPageSize int
}

// maxPage is the page-size bound in force.
func (r *Resolver) maxPage() int {
	if r.MaxPageSize > 0 {
		return r.MaxPageSize
	}
	return MaxPageSize
}
