package ecosystem_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLayering holds the packages to their layers: the domain (ecosystem) imports no GraphQL
// and nothing of this module, and no package but the server imports the GraphQL layer.
func TestLayering(t *testing.T) {
	out, err := exec.Command("go", "list", "-f", "{{.ImportPath}} {{join .Imports \" \"}}", "github.com/wtz-graph/kg/...").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	const mod = "github.com/wtz-graph/kg/"
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		pkg, imports := fields[0], fields[1:]
		for _, imp := range imports {
			switch {
			case pkg == mod+"ecosystem" && (strings.HasPrefix(imp, mod) || strings.Contains(imp, "gqlgen") || strings.Contains(imp, "gqlparser")):
				t.Errorf("the domain package imports %s: it must stay free of GraphQL and of the other layers", imp)
			case (imp == mod+"graph" || strings.HasPrefix(imp, mod+"graph/")) &&
				pkg != mod+"server" && pkg != mod+"graph" && !strings.HasPrefix(pkg, mod+"graph/"):
				t.Errorf("%s imports the GraphQL layer (%s): only the server may", pkg, imp)
			}
		}
	}
}
