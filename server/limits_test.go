package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
)

// introspectionQuery has the shape of GraphiQL's schema query (graphql-js getIntrospectionQuery).
const introspectionQuery = `query IntrospectionQuery {
  __schema {
    queryType { name } mutationType { name } subscriptionType { name }
    types { ...FullType }
    directives { name description locations args { ...InputValue } }
  }
}
fragment FullType on __Type {
  kind name description
  fields(includeDeprecated: true) { name description args { ...InputValue } type { ...TypeRef } isDeprecated deprecationReason }
  inputFields { ...InputValue }
  interfaces { ...TypeRef }
  enumValues(includeDeprecated: true) { name description isDeprecated deprecationReason }
  possibleTypes { ...TypeRef }
}
fragment InputValue on __InputValue { name description type { ...TypeRef } defaultValue }
fragment TypeRef on __Type {
  kind name
  ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name ofType { kind name } } } } } } }
}`

func TestQueryLimits(t *testing.T) {
	srv := testServer(t, seededStore(t))
	cases := []struct {
		name  string
		query string
		code  string // "" when the query must run
	}{
		{"GraphiQL's introspection query runs", introspectionQuery, ""},
		{"a page of organisations with their relations, just under the cost limit",
			`{ organisations(first: 20) { nodes { relations(first: 100) { edges { node { id } relation { type } } } } } }`, ""},
		{"large pages of nested relations, over the cost limit",
			`{ organisations(first: 100) { nodes { relations(first: 500) { edges { node { id } relation { type } } } } } }`, "COMPLEXITY_LIMIT_EXCEEDED"},
		{"nested partners per organisation cost a store call each",
			`{ organisations(first: 100) { nodes { partners(first: 100) { nodes { partner { partners(first: 100) { nodes { strength } } } } } } } }`, "COMPLEXITY_LIMIT_EXCEEDED"},
		{"nested places fan out",
			`{ place(id: "pl") { children { children { children { children { children { children { name } } } } } } } }`, "COMPLEXITY_LIMIT_EXCEEDED"},
		{"introspection nesting schema lists deep", `{ __schema { types { fields { type { fields { type { fields { type { fields { name } } } } } } } } } }`, "GRAPHQL_VALIDATION_FAILED"},
		{"a float literal out of range", `{ hosts(near: { lat: 1e400, lon: 18 }) { nodes { score } } }`, "GRAPHQL_VALIDATION_FAILED"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, resp, raw := post(t, srv, tc.query, nil)
			if tc.code == "" {
				if len(resp.Errors) > 0 {
					t.Fatalf("refused: %v", resp.Errors)
				}
				return
			}
			if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != tc.code {
				t.Fatalf("want %s, got %s", tc.code, truncate(raw))
			}
			if _, ok := resp.Errors[0].Extensions["limit"]; !ok && strings.HasSuffix(tc.code, "_LIMIT_EXCEEDED") {
				t.Errorf("the error does not name the limit: %s", truncate(raw))
			}
		})
	}
}

// TestFragmentBombIsRefusedQuickly: fragments that each spread the next one twice would make a
// naive walk exponential; the limits measure each fragment once.
func TestFragmentBombIsRefusedQuickly(t *testing.T) {
	srv := testServer(t, seededStore(t))
	var b strings.Builder
	b.WriteString("query { organisations(first: 1) { nodes { ...F0 } } }\n")
	const levels = 40
	for i := range levels {
		fmt.Fprintf(&b, "fragment F%d on Organisation { ...F%d ...F%d name }\n", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "fragment F%d on Organisation { name }\n", levels)
	_, resp, raw := post(t, srv, b.String(), nil)
	if len(resp.Errors) == 0 {
		t.Fatalf("an exponential query ran: %s", truncate(raw))
	}
}

func TestBodyLimit(t *testing.T) {
	srv := testServer(t, seededStore(t))
	big := `{"query":"{ stats { nodes { key } } }","variables":{"pad":"` + strings.Repeat("x", 2<<20) + `"}}`
	resp, err := http.Post(srv.URL+"/graphql", "application/json", bytes.NewReader([]byte(big)))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(string(body), "REQUEST_TOO_LARGE") {
		t.Fatalf("a 2 MiB body got %d %s", resp.StatusCode, truncate(body))
	}
}

func TestNoCORSHeadersWithoutAllowList(t *testing.T) {
	srv := testServer(t, seededStore(t))
	req, _ := http.NewRequest(http.MethodOptions, srv.URL+"/graphql", nil)
	req.Header.Set("Origin", "https://evil.example")
	req.Header.Set("Access-Control-Request-Method", "POST")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := resp.Header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("no origins configured, yet Access-Control-Allow-Origin = %q", got)
	}
}

func truncate(b []byte) string {
	if len(b) > 400 {
		return string(b[:400]) + "…"
	}
	return string(b)
}
