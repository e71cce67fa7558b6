package graph

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/vektah/gqlparser/v2/formatter"

	"github.com/wtz-graph/kg/graph/generated"
)

var update = flag.Bool("update", false, "rewrite golden files")

// TestSchemaGolden prints the executable schema and compares it with testdata/schema.graphql, so
// that every change to the API shows in review. Run with -update to accept a change.
func TestSchemaGolden(t *testing.T) {
	schema := generated.NewExecutableSchema(generated.Config{Resolvers: &Resolver{}}).Schema()
	var buf bytes.Buffer
	formatter.NewFormatter(&buf, formatter.WithIndent("  ")).FormatSchema(schema)
	path := filepath.Join("testdata", "schema.graphql")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("missing %s (run with -update): %v", path, err)
	}
	if !bytes.Equal(want, buf.Bytes()) {
		t.Errorf("the printed schema differs from %s; review the API change and run go test ./graph -run SchemaGolden -update", path)
	}
}
