package graph

import (
	"testing"

	"github.com/wtz-graph/kg/graph/generated"
)

// TestPageArgumentsHaveDefaults: the cost of a list is its first or limit argument, and when
// that is null or absent, the argument's default in the schema (what the resolver then uses).
// A page argument without a default would be costed as defaultListSize, whatever its resolver
// does, so every one must have a default.
func TestPageArgumentsHaveDefaults(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}}).Schema()
	for _, def := range schema.Types {
		for _, f := range def.Fields {
			for _, name := range []string{"first", "limit"} {
				if a := f.Arguments.ForName(name); a != nil && a.DefaultValue == nil {
					t.Errorf("%s.%s(%s) has no default: its cost when null would not be what its resolver returns", def.Name, f.Name, name)
				}
			}
		}
	}
}
