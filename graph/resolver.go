// Package graph is the GraphQL layer: thin resolvers that parse arguments, call the store or a
// loader, and map errors in one place (errors.go). The schema lives in graph/schema, the
// generated executor in graph/generated, the domain types in package ecosystem, bound through graph/scalars.
package graph

import (
	"sync"

	"github.com/wtz-graph/kg/gazetteer"
	"github.com/wtz-graph/kg/store"
)

// Resolver is the root resolver. It holds what every resolver needs and nothing per request:
// per-request state (loaders) travels in the context.
type Resolver struct {
	Store store.Store
	// MaxPageSize bounds first on organisations, partners and hosts; 0 means MaxPageSize.
	MaxPageSize int
	// Gazetteer resolves Polish places that are not nodes of the graph (near.place); nil
	// means the GeoNames data the product ships, without TERC.
	Gazetteer *gazetteer.Gazetteer
	// Proposals keeps article proposals; nil keeps them in memory.
	Proposals *Proposals
	// Editor tells whether an Authorization header bears the write token, for reads that are
	// for editors only (proposals); nil when no token is configured.
	Editor func(header string) bool
}

// defaultGazetteer is built once, on first use.
var defaultGazetteer = sync.OnceValue(gazetteer.Default)

func (r *Resolver) gazetteer() *gazetteer.Gazetteer {
	if r.Gazetteer != nil {
		return r.Gazetteer
	}
	return defaultGazetteer()
}

// maxPage is the page-size bound in force.
func (r *Resolver) maxPage() int {
	if r.MaxPageSize > 0 {
		return r.MaxPageSize
	}
	return MaxPageSize
}
