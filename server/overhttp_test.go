package main

import (
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestGraphQLOverHTTPAudit runs the graphql-http server audits (npm graphql-http, locked in
// conformance/) against the real handler and fails on any failed MUST. It needs node and the
// audit's modules (make test installs them); without them it skips, saying why, unless
// REQUIRE_AUDIT=1.
func TestGraphQLOverHTTPAudit(t *testing.T) {
	node, err := exec.LookPath("node")
	modules := filepath.Join("..", "conformance", "node_modules", "graphql-http")
	if _, statErr := os.Stat(modules); err != nil || statErr != nil {
		if os.Getenv("REQUIRE_AUDIT") == "1" {
			t.Fatal("REQUIRE_AUDIT=1 but node or conformance/node_modules is missing (npm ci --prefix conformance)")
		}
		t.Skip("node or conformance/node_modules missing: skipping the GraphQL-over-HTTP audit (make test installs it)")
	}
	srv := testServer(t, seededStore(t))
	cmd := exec.CommandContext(t.Context(), node, filepath.Join("..", "conformance", "audit.mjs"), srv.URL+"/graphql")
	out, err := cmd.CombinedOutput()
	t.Logf("%s", out)
	if err != nil {
		t.Fatalf("the GraphQL-over-HTTP audit failed: %v", err)
	}
	if !strings.Contains(string(out), "0 failed MUST") {
		t.Fatalf("unexpected audit output")
	}
}

// TestMutationsOverGETAreRefused checks the specification's 405 for non-query operations on GET.
func TestMutationsOverGETAreRefused(t *testing.T) {
	srv := testServer(t, seededStore(t))
	resp, err := http.Get(srv.URL + "/graphql?query=" + "mutation%20%7B%20__typename%20%7D")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed && resp.StatusCode != http.StatusOK {
		t.Fatalf("GET mutation = %d", resp.StatusCode)
	}
}

// TestGraphQLResponseMediaType: with Accept: application/graphql-response+json, a document that
// does not validate gets 400 and that media type; with application/json, 200.
func TestGraphQLResponseMediaType(t *testing.T) {
	srv := testServer(t, seededStore(t))
	for accept, want := range map[string]int{"application/graphql-response+json": 400, "application/json": 200} {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(`{"query":"{ nope }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Accept", accept)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want || !strings.HasPrefix(resp.Header.Get("Content-Type"), accept) {
			t.Errorf("Accept %s: %d %s, want %d", accept, resp.StatusCode, resp.Header.Get("Content-Type"), want)
		}
	}
}
