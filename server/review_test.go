package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
)

func TestDestructiveWritesRefuseMergedIDs(t *testing.T) {
	srv := testServerWith(t, seededStore(t), map[string]string{"WRITE_TOKEN": testToken})
	if r := postAs(t, srv, testToken, createMOPS, mopsInput("MOPS Gdynia (duplikat)")); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	if r := postAs(t, srv, testToken, `mutation { mergeNodes(survivor: "mops-gdynia", merged: "mops-sopot") { id } }`, nil); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	r := postAs(t, srv, testToken, `mutation { deleteNode(id: "Organisation:mops-sopot") { nodesDeleted } }`, nil)
	if code(r) != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "was merged into") {
		t.Errorf("deleting a merged id: %v %s", r.Errors, r.Data)
	}
	if r := postAs(t, srv, "", `{ organisation(id: "mops-gdynia") { id } }`, nil); len(r.Errors) > 0 {
		t.Errorf("the survivor was deleted through its merged id: %v", r.Errors)
	}
}

func TestMutationsCostTheirWeight(t *testing.T) {
	srv := testServerWith(t, seededStore(t), map[string]string{"WRITE_TOKEN": testToken})
	var b strings.Builder
	b.WriteString("mutation {")
	for i := range 11 {
		fmt.Fprintf(&b, ` d%d: removeRelation(id: "hosted-0000000000000000") { relationsDeleted }`, i)
	}
	b.WriteString(" }")
	if r := postAs(t, srv, testToken, b.String(), nil); code(r) != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Errorf("eleven aliased mutations: %v", r.Errors)
	}
}

func TestRefusalsAreRequestErrors(t *testing.T) {
	srv := testServerWith(t, seededStore(t), map[string]string{"MAX_DEPTH": "3"})
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(`{"query":"{ place(id: \"gebice\") { parent { parent { parent { name } } } } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/graphql-response+json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusBadRequest || strings.Contains(string(body), `"data"`) || !strings.Contains(string(body), "DEPTH_LIMIT_EXCEEDED") {
		t.Errorf("a depth refusal with graphql-response+json: %d %s", resp.StatusCode, body)
	}
}

func TestOperationLabelsAreBounded(t *testing.T) {
	m := newMetrics()
	for i := range maxOperationLabels + 10 {
		m.operationLabel(fmt.Sprintf("Op%d", i))
	}
	if got := m.operationLabel("OneMore"); got != "other" {
		t.Errorf("label past the bound = %q", got)
	}
	if got := m.operationLabel("Op3"); got != "Op3" {
		t.Errorf("a known name = %q", got)
	}
	for _, bad := range []string{"bad name", "zażółć", strings.Repeat("x", 70)} {
		if got := m.operationLabel(bad); got != "other" {
			t.Errorf("label for %q = %q", bad, got)
		}
	}
}

// TestNeo4jSeedsOnlyAnEmptyDatabase: a server started with SEED=true on a database that holds a
// graph leaves edits to seeded entities alone.
func TestNeo4jSeedsOnlyAnEmptyDatabase(t *testing.T) {
	if os.Getenv("NEO4J_URI") == "" {
		seededNeo4j(t)
		t.Skip("NEO4J_URI is not set")
	}
	s := seededNeo4j(t)
	key := ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "konimpex"}
	nodes, err := s.Nodes(t.Context(), []ecosystem.NodeKey{key})
	if err != nil || nodes[0] == nil {
		t.Fatal(err)
	}
	original := ecosystem.CloneNode(nodes[0])
	edited := ecosystem.CloneNode(nodes[0])
	edited.Common().Description = "Edited after seeding."
	if _, err := s.Apply(t.Context(), storeChange(edited)); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _, _ = s.Apply(context.Background(), storeChange(original)) })
	env := map[string]string{"STORE": "neo4j", "NEO4J_URI": os.Getenv("NEO4J_URI"), "SEED": "true", "LOG_LEVEL": "error",
		"NEO4J_USER": os.Getenv("NEO4J_USER"), "NEO4J_PASSWORD": os.Getenv("NEO4J_PASSWORD")}
	if os.Getenv("NEO4J_USER") == "" {
		env["NEO4J_AUTH"] = "none"
	}
	addr := startServer(t, env)
	waitFor(t, func() bool { return status(t, "http://"+addr+"/readyz") == http.StatusOK }, "ready")
	if _, body := query(t, addr, `{ organisation(id: "konimpex") { description } }`); !strings.Contains(body, "Edited after seeding.") {
		t.Errorf("starting with SEED=true undid an edit: %s", body)
	}
}

func TestGraphiQLHasAContentSecurityPolicy(t *testing.T) {
	srv := testServer(t, seededStore(t))
	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("GraphiQL's Content-Security-Policy = %q", csp)
	}
}
