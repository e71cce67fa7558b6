package synth

import (
	"context"
	"os"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/seed"
)

// Planned generates a graph of the given size and plans it as an import into an empty store,
// for benchmarks and tests that load it straight into a backend.
func Planned(size Size, seedValue uint64) (*seed.Document, *seed.Dataset, error) {
	doc := Generate(size, seedValue)
	ds, err := seed.Plan(context.Background(), "synthetic", doc, func(context.Context, []ecosystem.NodeKey) (map[ecosystem.NodeKey]bool, error) {
		return map[ecosystem.NodeKey]bool{}, nil
	})
	return doc, ds, err
}

// SizeFromEnv is the size named by the environment variable env (S when it is unset).
func SizeFromEnv(env string) (Size, error) {
	name := os.Getenv(env)
	if name == "" {
		name = "S"
	}
	return SizeByName(name)
}
