package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/validator"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// These tests hold the promises of README's security section: every anonymous request is
// bounded before it costs, errors are bounded and never echo the request or name internals.

// rawPost sends body as it is, with the content type, and returns the status, the headers and
// the body.
func rawPost(t *testing.T, srv *httptest.Server, contentType string, body []byte, header map[string]string) (int, http.Header, []byte) {
	t.Helper()
	h := map[string]string{"Content-Type": contentType}
	for k, v := range header {
		h[k] = v
	}
	resp, raw := send(t, http.MethodPost, srv.URL+"/graphql", string(body), h)
	return resp.StatusCode, resp.Header, raw
}

// decode parses a GraphQL response and fails the test when the body is not one.
func decode(t *testing.T, raw []byte) gqlResponse {
	t.Helper()
	var out gqlResponse
	if err := json.Unmarshal(raw, &out); err != nil || (out.Data == nil && out.Errors == nil) {
		t.Fatalf("not a GraphQL response: %v %s", err, truncate(raw))
	}
	return out
}

// leaks lists what no client may see: Go types and packages, reflection kinds, echoes.
var leaks = []string{"Go struct", "RawParams", "interface {}", "map[", "[]", "seed.", "slice", "reflect", ".go:", "goroutine", "body:"}

func assertNoLeak(t *testing.T, raw []byte) {
	t.Helper()
	for _, l := range leaks {
		if bytes.Contains(raw, []byte(l)) {
			t.Errorf("the response names an internal (%q): %s", l, truncate(raw))
		}
	}
}

// aliasBomb is n aliases of root field spreading fragment F.
func aliasBomb(n int, field, fragment string) string {
	var b strings.Builder
	b.WriteString("query Bomb {")
	for i := range n {
		fmt.Fprintf(&b, " a%d: %s { ...F }", i, field)
	}
	b.WriteString(" }\n" + fragment)
	return b.String()
}

const schemaFragment = `fragment F on __Schema { types { name fields { name args { name type { name } } type { name ofType { name } } } } }`

// TestIntrospectionIsBounded: introspection is costed like data (lists multiplied by what the
// schema holds), an operation has at most one __schema or __type, and the alias bomb of the
// probe (1,000 aliases of one fragment) is refused before it runs.
func TestIntrospectionIsBounded(t *testing.T) {
	srv := testServer(t, seededStore(t))
	cases := []struct {
		name, query, code string
	}{
		{"GraphiQL's introspection query runs", introspectionQuery, ""},
		{"one __type runs", `{ __type(name: "Organisation") { name fields { name } } }`, ""},
		{"__typename is not introspection", `{ a: __typename b: __typename organisation(id: "fosa") { __typename } }`, ""},
		{"1,000 aliases of __schema", aliasBomb(1000, "__schema", schemaFragment), "INTROSPECTION_LIMIT_EXCEEDED"},
		{"two __type", `{ a: __type(name: "Organisation") { name } b: __type(name: "Person") { name } }`, "INTROSPECTION_LIMIT_EXCEEDED"},
		{"__schema and __type through fragments", `{ ...Q ...R } fragment Q on Query { __schema { queryType { name } } } fragment R on Query { __type(name: "Place") { name } }`, "INTROSPECTION_LIMIT_EXCEEDED"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, resp, raw := post(t, srv, tc.query, nil)
			if tc.code == "" {
				if len(resp.Errors) > 0 {
					t.Fatalf("refused: %s", truncate(raw))
				}
				return
			}
			if code(resp) != tc.code {
				t.Fatalf("want %s, got %s", tc.code, truncate(raw))
			}
			if len(raw) > 2000 {
				t.Errorf("a refusal of %d bytes", len(raw))
			}
		})
	}

	// With a cost limit of 2,000, a small introspection query runs and GraphiQL's (which
	// returns every type with every field) is refused: its lists are multiplied.
	small := testServerWith(t, seededStore(t), map[string]string{"MAX_COST": "2000"})
	if _, resp, raw := post(t, small, `{ __schema { queryType { name } } }`, nil); len(resp.Errors) > 0 {
		t.Errorf("a small introspection query was refused: %s", truncate(raw))
	}
	_, resp, raw := post(t, small, introspectionQuery, nil)
	if code(resp) != "COMPLEXITY_LIMIT_EXCEEDED" {
		t.Fatalf("GraphiQL's introspection under MAX_COST=2000: %s", truncate(raw))
	}
	if v, _ := resp.Errors[0].Extensions["value"].(float64); v <= 2000 {
		t.Errorf("introspection costs %v", v)
	}
}

// TestIntrospectionSwitch: INTROSPECTION=false (or -introspection=false) refuses __schema and
// __type before anything runs; __typename still answers.
func TestIntrospectionSwitch(t *testing.T) {
	cfg, err := parseConfig([]string{"-introspection=false"}, func(string) string { return "" }, io.Discard)
	if err != nil || cfg.Introspection {
		t.Fatalf("-introspection=false: %+v %v", cfg.Introspection, err)
	}
	srv := testServerWith(t, seededStore(t), map[string]string{"INTROSPECTION": "false"})
	for _, q := range []string{introspectionQuery, `{ __type(name: "Organisation") { name } }`, `{ ...Q } fragment Q on Query { __schema { queryType { name } } }`} {
		_, resp, raw := post(t, srv, q, nil)
		if code(resp) != "INTROSPECTION_DISABLED" || resp.Data != nil && string(resp.Data) != "null" {
			t.Errorf("introspection with INTROSPECTION=false: %s", truncate(raw))
		}
	}
	if _, resp, raw := post(t, srv, `{ __typename organisation(id: "fosa") { __typename name } }`, nil); len(resp.Errors) > 0 {
		t.Errorf("__typename refused: %s", truncate(raw))
	}
}

// TestRepeatedFieldsAreRefusedBeforeValidation: overlapping-field validation compares every
// pair of fields with one response name, so a field repeated 15,000 times (within the token
// and cost limits) took 14.5 s of CPU. Selection sets and documents have a field cap that is
// checked before validation.
func TestRepeatedFieldsAreRefusedBeforeValidation(t *testing.T) {
	srv := testServer(t, seededStore(t))
	cases := map[string]string{
		"one field 14,000 times":             "{ " + strings.Repeat("__typename ", 14000) + "}",
		"an object field 2,000 times":        "{ " + strings.Repeat("stats { nodes { key } } ", 2000) + "}",
		"repeats hidden in inline fragments": "{ " + strings.Repeat("... on Query { __typename } ", 2000) + "}",
		"repeats spread over many fragments": "{ ...F0 }\n" + fragmentChain(300, 20),
	}
	for name, q := range cases {
		t.Run(name, func(t *testing.T) {
			_, resp, raw := post(t, srv, q, nil)
			if code(resp) != "FIELD_LIMIT_EXCEEDED" {
				t.Fatalf("want FIELD_LIMIT_EXCEEDED, got %s", truncate(raw))
			}
			if _, ok := resp.Errors[0].Extensions["limit"]; !ok {
				t.Errorf("the refusal does not name the limit: %s", truncate(raw))
			}
		})
	}
	// Within the cap, repeated fields merge as the specification says.
	if _, resp, raw := post(t, srv, "{ "+strings.Repeat("__typename ", 50)+"}", nil); len(resp.Errors) > 0 {
		t.Errorf("50 repeats refused: %s", truncate(raw))
	}
}

// fragmentChain is n fragments on Query, each with k fields and a spread of the next.
func fragmentChain(n, k int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "fragment F%d on Query { %s", i, strings.Repeat("__typename ", k))
		if i+1 < n {
			fmt.Fprintf(&b, "...F%d ", i+1)
		}
		b.WriteString("}\n")
	}
	return b.String()
}

// TestDeadlineCoversTheWholeRequest: a request whose deadline passes before it is parsed and
// validated gets TIMEOUT, as a GraphQL response (the probe saw HTTP 200 with the body null).
func TestDeadlineCoversTheWholeRequest(t *testing.T) {
	srv := testServerWith(t, seededStore(t), map[string]string{"REQUEST_TIMEOUT": "1ns"})
	for _, q := range []string{`{ stats { nodes { key } } }`, introspectionQuery} {
		_, _, raw := rawPost(t, srv, "application/json", mustJSON(map[string]any{"query": q}), nil)
		resp := decode(t, raw)
		if code(resp) != "TIMEOUT" {
			t.Errorf("a request past its deadline: %s", truncate(raw))
		}
	}
}

// stuckStore's Stats ignores its context until released: work that cannot be interrupted, as
// validation and introspection cannot.
type stuckStore struct {
	store.Store
	release chan struct{}
}

func (s stuckStore) Stats(_ context.Context, q store.StatsQuery) (*ecosystem.Stats, error) {
	<-s.release
	return s.Store.Stats(context.Background(), q)
}

// TestDeadlineAnswersWhileWorkGoesOn: when the deadline passes while work that does not watch
// it goes on, the client gets TIMEOUT at the deadline instead of waiting for the work.
func TestDeadlineAnswersWhileWorkGoesOn(t *testing.T) {
	stuck := stuckStore{Store: seededStore(t), release: make(chan struct{})}
	t.Cleanup(func() { close(stuck.release) })
	srv := testServerWith(t, stuck, map[string]string{"REQUEST_TIMEOUT": "300ms"})
	start := time.Now()
	_, resp, raw := post(t, srv, `{ stats { nodes { key } } }`, nil)
	if code(resp) != "TIMEOUT" {
		t.Fatalf("a request past its deadline: %s", truncate(raw))
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the answer came after %v", d)
	}
}

// TestNeighbourhoodCostsItsLimit: an ego network returns up to limit nodes and the relations
// among them, and each is a traversal of its own; 788 aliases at depth 3 and limit 500 passed.
func TestNeighbourhoodCostsItsLimit(t *testing.T) {
	srv := testServer(t, seededStore(t))
	aliases := func(n int, field string) string {
		var b strings.Builder
		b.WriteString("{")
		for i := range n {
			fmt.Fprintf(&b, " a%d: %s", i, field)
		}
		return b.String() + " }"
	}
	cases := []struct {
		name, query, code string
	}{
		{"one ego network of 500", aliases(1, `neighbourhood(id: "mops-gdynia", depth: 3, limit: 500) { nodes { node { id } distance } relations { id type } }`), ""},
		{"150 aliases (the probe sent 788)", aliases(150, `neighbourhood(id: "mops-gdynia", depth: 3, limit: 500) { nodes { node { id } } }`), "COMPLEXITY_LIMIT_EXCEEDED"},
		{"40 ego networks of 500", aliases(40, `neighbourhood(id: "mops-gdynia", depth: 3, limit: 500) { nodes { node { id } } relations { id } }`), "COMPLEXITY_LIMIT_EXCEEDED"},
		{"200 paths of six hops", aliases(200, `path(from: "mops-gdynia", to: "fosa", maxHops: 6, first: 20) { nodes { length } }`), "COMPLEXITY_LIMIT_EXCEEDED"},
		{"200 visit plans", aliases(200, `hosts(themes: [SUPPORTED_HOUSING], first: 100) { nodes { score } }`), "COMPLEXITY_LIMIT_EXCEEDED"},
		{"200 partner lists", aliases(200, `partners(of: "snrss", first: 100) { nodes { strength } }`), "COMPLEXITY_LIMIT_EXCEEDED"},
		{"a visit plan over every theme", aliases(1, `hosts(first: 100) { nodes { score } }`), ""},
		{"four visit plans over every theme", aliases(4, `hosts(first: 100) { nodes { score } }`), "COMPLEXITY_LIMIT_EXCEEDED"},
		{"60 searches", aliases(60, `search(text: "Gdynia", first: 50) { nodes { score } }`), "COMPLEXITY_LIMIT_EXCEEDED"},
		{"60 organisation listings", aliases(60, `organisations(first: 100) { nodes { id } }`), "COMPLEXITY_LIMIT_EXCEEDED"},
		{"places two levels down", aliases(1, `place(id: "pl") { children { children { name } } }`), ""},
		{"places three levels down, 20 times", aliases(20, `place(id: "pl") { children { children { children { name } } } }`), "COMPLEXITY_LIMIT_EXCEEDED"},
		{"200 views of a place's organisations and events", aliases(200, `place(id: "gdynia") { organisations { nodes { id name kind } } events { nodes { id name } } }`), "COMPLEXITY_LIMIT_EXCEEDED"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, resp, raw := post(t, srv, tc.query, nil)
			if tc.code == "" {
				if len(resp.Errors) > 0 {
					t.Fatalf("refused: %s", truncate(raw))
				}
				return
			}
			if code(resp) != tc.code {
				t.Fatalf("want %s, got %s", tc.code, truncate(raw))
			}
		})
	}
}

// TestTypedViewsArePaged: the views of a node's relations that grow with the graph (a place's
// organisations and events, an organisation's events, people and projects, an event's
// participants, a person's events, a programme's funds and events, a project's events) take
// first (default 100, at most 500), so that their cost is what they can return.
func TestTypedViewsArePaged(t *testing.T) {
	srv := testServer(t, seededStore(t))
	_, resp, raw := post(t, srv, `{ event(id: "liderzy-kooperacji-psw-tomaszow") { all: participants { nodes { role } } two: participants(first: 2) { nodes { role } } } organisation(id: "mops-gdynia") { events(first: 1) { nodes { role } } people(first: 1) { nodes { title } } projects(first: 0) { nodes { role } } } }`, nil)
	if len(resp.Errors) > 0 {
		t.Fatalf("errors: %s", truncate(raw))
	}
	type page struct{ Nodes []any }
	var got struct {
		Event struct {
			All, Two page
		}
		Organisation struct {
			Events, People, Projects page
		}
	}
	if err := json.Unmarshal(resp.Data, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Event.All.Nodes) <= 2 || len(got.Event.Two.Nodes) != 2 || len(got.Organisation.Events.Nodes) != 1 || len(got.Organisation.Projects.Nodes) != 0 {
		t.Errorf("pages: %d participants, %d of first 2; %d events of first 1; %d projects of first 0", len(got.Event.All.Nodes), len(got.Event.Two.Nodes), len(got.Organisation.Events.Nodes), len(got.Organisation.Projects.Nodes))
	}
	if _, resp, raw := post(t, srv, `{ place(id: "gdynia") { organisations(first: 501) { nodes { id } } } }`, nil); code(resp) != "BAD_USER_INPUT" || !strings.Contains(resp.Errors[0].Message, "between 0 and 500") {
		t.Errorf("first: 501: %s", truncate(raw))
	}
}

// TestErrorsAreBounded: error responses have a bounded number of errors of bounded length and
// never echo the request (the probe saw 6.3 MB for a 1 MiB body of '<', 1 MB for a 170 KB
// filter value, 1.5 MB for 40 KB of repeated directives).
func TestErrorsAreBounded(t *testing.T) {
	srv := testServer(t, seededStore(t))
	long := strings.Repeat("ź<", 85000)
	cases := []struct {
		name        string
		contentType string
		body        []byte
		max         int
	}{
		{"a body of '<'", "application/json", bytes.Repeat([]byte("<"), 1000000), 1000},
		{"a long filter value", "application/json", mustJSON(map[string]any{
			"query": `query($v: String) { organisations(filter: { voivodeship: $v }) { totalCount } }`, "variables": map[string]any{"v": long}}), 2000},
		{"a long literal", "application/json", mustJSON(map[string]any{
			"query": `{ organisations(filter: { voivodeship: "` + strings.Repeat("x", 100000) + `" }) { totalCount } }`}), 2000},
		{"repeated directives", "application/json", mustJSON(map[string]any{
			"query": `{ __typename ` + strings.Repeat("@include(if: true) ", 2000) + `}`}), 8000},
		{"many unknown fields", "application/json", mustJSON(map[string]any{
			"query": "{ " + strings.Repeat("nope ", 150) + "}"}), 8000},
		{"a syntax error after a long string", "application/json", mustJSON(map[string]any{
			"query": `{ search(text: "` + strings.Repeat("y", 50000) + `") { score } `}), 2000},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, raw := rawPost(t, srv, tc.contentType, tc.body, nil)
			resp := decode(t, raw)
			if len(resp.Errors) == 0 {
				t.Fatalf("no error: %s", truncate(raw))
			}
			if len(raw) > tc.max {
				t.Errorf("%d bytes of errors (at most %d): %s", len(raw), tc.max, truncate(raw))
			}
			if len(resp.Errors) > 21 {
				t.Errorf("%d errors", len(resp.Errors))
			}
			for _, echo := range []string{"<<<<<<<<", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "yyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyyy", "ź<ź<ź<ź<ź<ź<ź<ź<ź<ź<ź<ź<ź<ź<ź<ź<ź<ź<ź<ź<ź<ź<ź<ź<ź<"} {
				if strings.Contains(string(raw), echo) || strings.Contains(string(raw), strings.ReplaceAll(echo, "<", `\u003c`)) {
					t.Errorf("the response echoes the request: %s", truncate(raw))
				}
			}
			assertNoLeak(t, raw)
		})
	}
}

// TestResponsesAreBounded: a response larger than MAX_RESPONSE_BYTES is replaced by an error.
func TestResponsesAreBounded(t *testing.T) {
	srv := testServerWith(t, seededStore(t), map[string]string{"MAX_RESPONSE_BYTES": "4096"})
	_, resp, raw := post(t, srv, `{ organisations(first: 100) { nodes { id name description } } }`, nil)
	if code(resp) != "RESPONSE_TOO_LARGE" || len(raw) > 4096 {
		t.Fatalf("a large response under MAX_RESPONSE_BYTES=4096: %d bytes %s", len(raw), truncate(raw))
	}
	if _, resp, raw := post(t, srv, `{ organisation(id: "fosa") { name } }`, nil); len(resp.Errors) > 0 {
		t.Errorf("a small response refused: %s", truncate(raw))
	}
}

// TestInternalNamesNeverReachClients: malformed bodies, variables and documents get clear
// messages with stable codes, never Go types (the probe saw `Go struct field RawParams.query
// of type string`, `map[string]interface {}`, `[]seed.Organisation`, `not a slice`).
func TestInternalNamesNeverReachClients(t *testing.T) {
	srv := testServerWith(t, seededStore(t), map[string]string{"WRITE_TOKEN": testToken})
	auth := map[string]string{"Authorization": "Bearer " + testToken}
	importDoc := `mutation($d: String!) { importDocument(document: $d, dryRun: true) { valid problems { path field message } } }`
	filter := `query($f: OrganisationFilter) { organisations(filter: $f) { totalCount } }`
	cases := []struct {
		name, body, code, says string
	}{
		{"query is a number", `{"query": 5}`, "BAD_REQUEST", "query must be a string"},
		{"variables is a list", `{"query": "{ __typename }", "variables": [1]}`, "BAD_REQUEST", "variables must be an object"},
		{"extensions is a string", `{"query": "{ __typename }", "extensions": "x"}`, "BAD_REQUEST", "extensions must be an object"},
		{"body is a list", `[{"query": "{ __typename }"}]`, "BAD_REQUEST", "a JSON object"},
		{"a list where a string goes", string(mustJSON(map[string]any{"query": filter, "variables": map[string]any{"f": map[string]any{"voivodeship": []int{1}}}})), "BAD_USER_INPUT", "String"},
		{"an object where a string goes", string(mustJSON(map[string]any{"query": filter, "variables": map[string]any{"f": map[string]any{"voivodeship": map[string]any{"a": 1}}}})), "BAD_USER_INPUT", "String"},
		{"a string where an input object goes", string(mustJSON(map[string]any{"query": filter, "variables": map[string]any{"f": "x"}})), "BAD_USER_INPUT", "OrganisationFilter"},
		{"an object where an enum goes", string(mustJSON(map[string]any{"query": `query($t: [NodeType!]) { search(text: "x", types: $t) { nodes { score } } }`, "variables": map[string]any{"t": []any{map[string]any{}}}})), "BAD_USER_INPUT", "NodeType"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, _, raw := rawPost(t, srv, "application/json", []byte(tc.body), nil)
			resp := decode(t, raw)
			if code(resp) != tc.code || !strings.Contains(resp.Errors[0].Message, tc.says) {
				t.Errorf("want %s saying %q, got %s", tc.code, tc.says, truncate(raw))
			}
			assertNoLeak(t, raw)
		})
	}
	for _, doc := range []string{`{"organisations": 5}`, `{"organisations": [{"id": 5}]}`, `[1]`, `{"relations": [{"cite": 5}]}`, `{"organisations": [{"id": "x", "aliases": "a"}]}`} {
		t.Run("import "+doc, func(t *testing.T) {
			_, _, raw := rawPost(t, srv, "application/json", mustJSON(map[string]any{"query": importDoc, "variables": map[string]any{"d": doc}}), auth)
			if !strings.Contains(string(raw), `"valid":false`) {
				t.Fatalf("a bad document: %s", truncate(raw))
			}
			assertNoLeak(t, raw)
		})
	}
}

// TestRequestsOutsideTheProtocol covers the smaller findings: methods, media types, trailing
// data and strict Int variables.
func TestRequestsOutsideTheProtocol(t *testing.T) {
	srv := testServerWith(t, seededStore(t), map[string]string{"WRITE_TOKEN": testToken})

	t.Run("a mutation over GET without a token is 405", func(t *testing.T) {
		resp, err := http.Get(srv.URL + "/graphql?query=" + url.QueryEscape(`mutation { deleteNode(id: "Organisation:fosa") { nodesDeleted } }`))
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusMethodNotAllowed || resp.Header.Get("Allow") != "POST" {
			t.Fatalf("GET mutation: %d Allow %q %s", resp.StatusCode, resp.Header.Get("Allow"), raw)
		}
		if code(decode(t, raw)) != "METHOD_NOT_ALLOWED" {
			t.Errorf("GET mutation: %s", raw)
		}
	})
	t.Run("unsupported methods and media types get a JSON error with a code", func(t *testing.T) {
		for _, tc := range []struct {
			method, contentType string
			status              int
		}{{http.MethodPut, "application/json", 405}, {http.MethodPost, "text/plain", 415}, {http.MethodPost, "", 415}, {http.MethodDelete, "", 405}} {
			req, _ := http.NewRequest(tc.method, srv.URL+"/graphql", strings.NewReader(`{"query":"{ __typename }"}`))
			if tc.contentType != "" {
				req.Header.Set("Content-Type", tc.contentType)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != tc.status || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
				t.Errorf("%s %q: %d %s %s", tc.method, tc.contentType, resp.StatusCode, resp.Header.Get("Content-Type"), raw)
				continue
			}
			if c := code(decode(t, raw)); c != "METHOD_NOT_ALLOWED" && c != "UNSUPPORTED_MEDIA_TYPE" {
				t.Errorf("%s %q: code %v", tc.method, tc.contentType, c)
			}
		}
	})
	t.Run("trailing data after the JSON body is 400", func(t *testing.T) {
		for _, body := range []string{`{"query":"{ __typename }"} garbage`, `{"query":"{ __typename }"}{"query":"{ __typename }"}`} {
			status, _, raw := rawPost(t, srv, "application/json", []byte(body), nil)
			if status != http.StatusBadRequest || code(decode(t, raw)) != "BAD_REQUEST" {
				t.Errorf("%s: %d %s", body, status, raw)
			}
		}
		if status, _, raw := rawPost(t, srv, "application/json", []byte("{\"query\":\"{ __typename }\"}\n"), nil); status != 200 || code(decode(t, raw)) != nil {
			t.Errorf("a trailing newline: %d %s", status, raw)
		}
	})
	t.Run("Int variables are strict", func(t *testing.T) {
		q := `query($n: Int) { search(text: "Gdynia", first: $n) { nodes { score } } }`
		for _, tc := range []struct {
			value any
			says  string
		}{{"5", "$n must be an Int"}, {1e20, "$n must be an Int"}, {2.5, "$n must be an Int"}, {true, "$n must be an Int"}} {
			_, _, raw := rawPost(t, srv, "application/json", mustJSON(map[string]any{"query": q, "variables": map[string]any{"n": tc.value}}), nil)
			resp := decode(t, raw)
			if code(resp) != "BAD_USER_INPUT" || !strings.Contains(resp.Errors[0].Message, tc.says) {
				t.Errorf("n = %v: %s", tc.value, raw)
			}
			if strings.Contains(string(raw), "value 0") {
				t.Errorf("n = %v is reported as 0: %s", tc.value, raw)
			}
		}
		if _, _, raw := rawPost(t, srv, "application/json", mustJSON(map[string]any{"query": q, "variables": map[string]any{"n": 5}}), nil); code(decode(t, raw)) != nil {
			t.Errorf("n = 5: %s", raw)
		}
	})
}

// TestPersistedQueriesCannotBeFlushed: anonymous clients register persisted queries into a
// cache of their own, so that however many they register, a query registered with the write
// token (a dashboard's) stays.
func TestPersistedQueriesCannotBeFlushed(t *testing.T) {
	srv := testServerWith(t, seededStore(t), map[string]string{"WRITE_TOKEN": testToken})
	apq := func(query string, withQuery bool, header map[string]string) gqlResponse {
		sum := sha256.Sum256([]byte(query))
		body := map[string]any{"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}}
		if withQuery {
			body["query"] = query
		}
		_, _, raw := rawPost(t, srv, "application/json", mustJSON(body), header)
		return decode(t, raw)
	}
	dashboard := `query Dashboard { stats { nodes { key count } } }`
	if r := apq(dashboard, true, map[string]string{"Authorization": "Bearer " + testToken}); len(r.Errors) > 0 {
		t.Fatalf("register: %v", r.Errors)
	}
	for i := range 1100 {
		if r := apq(fmt.Sprintf(`query Flush%d { __typename }`, i), true, nil); len(r.Errors) > 0 {
			t.Fatalf("anonymous register: %v", r.Errors)
		}
	}
	if r := apq(dashboard, false, nil); len(r.Errors) > 0 {
		t.Errorf("the dashboard's persisted query was flushed: %v", r.Errors)
	}
	// Anonymous registration still works.
	mine := `query Mine { organisation(id: "fosa") { name } }`
	apq(mine, true, nil)
	if r := apq(mine, false, nil); len(r.Errors) > 0 {
		t.Errorf("an anonymous persisted query: %v", r.Errors)
	}
}

// TestNullPageArgumentsCostTheirDefault: a page argument given as null (literally or through a
// variable) makes the resolver use the argument's default, so it costs the default too (the
// review saw relations(first: null) cost 22 where relations(first: 100) cost 202).
func TestNullPageArgumentsCostTheirDefault(t *testing.T) {
	// MAX_COST=100 with a search (2000) beside the field refuses every case and names its
	// cost in extensions.value.
	srv := testServerWith(t, seededStore(t), map[string]string{"MAX_COST": "100"})
	cost := func(query string, vars map[string]any) float64 {
		t.Helper()
		query = strings.Replace(query, "{ ", `{ pad: search(text: "pad", first: 1) { nodes { score } } `, 1)
		_, resp, raw := post(t, srv, query, vars)
		if code(resp) != "COMPLEXITY_LIMIT_EXCEEDED" {
			t.Fatalf("%s: %s", query, truncate(raw))
		}
		v, _ := resp.Errors[0].Extensions["value"].(float64)
		return v
	}
	cases := []struct{ name, field, dflt string }{
		{"relations", `organisation(id: "fosa") { relations(first: %s) { edges { direction } } }`, "100"},
		{"sources", `sources(first: %s) { nodes { id } }`, "100"},
		{"search", `search(text: "Gdynia", first: %s) { nodes { score } }`, "10"},
		{"organisations", `organisations(first: %s) { nodes { id } }`, "20"},
		{"partners", `partners(of: "snrss", first: %s) { nodes { strength } }`, "50"},
		{"practices", `practices(first: %s) { nodes { id } }`, "100"},
		{"hosts", `hosts(themes: [SUPPORTED_HOUSING], first: %s) { nodes { score } }`, "10"},
		{"path", `path(from: "mops-gdynia", to: "fosa", first: %s) { nodes { length } }`, "5"},
		{"place organisations", `place(id: "gdynia") { organisations(first: %s) { nodes { id } } }`, "100"},
		{"neighbourhood", `neighbourhood(id: "mops-gdynia", limit: %s) { nodes { distance } relations { id } }`, "100"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			given := cost("{ "+fmt.Sprintf(tc.field, tc.dflt)+" }", nil)
			absent := strings.NewReplacer("(first: %s)", "", ", first: %s", "", ", limit: %s", "").Replace(tc.field)
			if c := cost("{ "+absent+" }", nil); c != given {
				t.Errorf("absent costs %v, the default %s costs %v", c, tc.dflt, given)
			}
			if c := cost("{ "+fmt.Sprintf(tc.field, "null")+" }", nil); c != given {
				t.Errorf("null costs %v, the default %s costs %v", c, tc.dflt, given)
			}
			if c := cost("query($n: Int) { "+fmt.Sprintf(tc.field, "$n")+" }", map[string]any{"n": nil}); c != given {
				t.Errorf("a null variable costs %v, the default %s costs %v", c, tc.dflt, given)
			}
		})
	}
}

// TestMessagesQuoteAtMost60Bytes: an error quotes at most 60 bytes of any value the client
// sent, whichever argument it came in (the review saw about 300 bytes quoted for match.terc
// and PartialDate arguments), and match.place is bounded like every other free-text
// argument (a 490 KB place was looked up for 187 ms).
func TestMessagesQuoteAtMost60Bytes(t *testing.T) {
	srv := testServer(t, seededStore(t))
	fields := []struct{ typ, field string }{
		{"String", `match(input: {name: "MOPS", terc: $v}) { decision }`},
		{"String", `match(input: {name: "MOPS", place: $v}) { decision }`},
		{"String!", `match(input: {name: "MOPS", identifiers: [$v]}) { decision }`},
		{"String", `match(input: {name: $v}) { decision }`},
		{"PartialDate", `timeline(id: "mops-gdynia", from: $v) { __typename }`},
		{"PartialDate", `organisation(id: "mops-gdynia") { timeline(to: $v) { __typename } }`},
		{"ID", `organisations(filter: {place: $v}) { totalCount }`},
		{"String", `organisations(filter: {voivodeship: $v}) { totalCount }`},
		{"String", `organisations(filter: {identifier: $v}) { totalCount }`},
		{"String", `organisations(filter: {name: $v}) { totalCount }`},
		{"String", `organisation(identifier: $v) { id }`},
		{"String", `hosts(region: $v) { score }`},
		{"ID", `hosts(near: {place: $v}) { score }`},
		{"String!", `search(text: $v) { score }`},
		{"ID!", `place(id: $v) { id }`},
		{"ID", `organisation(id: $v) { id }`},
		{"ID!", `node(id: $v) { id }`},
		{"ID!", `nodes(ids: [$v]) { id }`},
		{"ID!", `path(from: $v, to: "fosa") { length }`},
		{"ID!", `neighbourhood(id: $v) { nodes { distance } }`},
		{"ID!", `partners(of: $v) { strength }`},
		{"ID", `practices(filter: {organisation: $v}) { id }`},
		{"String", `practices(filter: {text: $v}) { id }`},
	}
	for _, n := range []int{150, 500, 400000} {
		v := strings.Repeat("Zq", n/2)
		for _, tf := range fields {
			typ, f := tf.typ, tf.field
			q := fmt.Sprintf("query($v: %s) { %s }", typ, f)
			name := fmt.Sprintf("%d bytes in %s", n, f)
			t.Run(name, func(t *testing.T) {
				_, resp, raw := post(t, srv, q, map[string]any{"v": v})
				if len(resp.Errors) == 0 {
					if n > 200 {
						t.Errorf("no error: %s", truncate(raw))
					}
					return
				}
				if strings.Contains(string(raw), v[:61]) || strings.Contains(string(raw), v[1:62]) {
					t.Errorf("a message quotes more than 60 bytes of the value: %s", truncate(raw))
				}
				if n > 200 && strings.Contains(f, "match(") && !strings.Contains(f, "identifiers") && !strings.Contains(resp.Errors[0].Message, "longer than 200 characters") {
					t.Errorf("a long place or terc is not refused for its length: %s", truncate(raw))
				}
			})
		}
	}
	// Well-formed ids of the wrong type, or nearly well-formed, are quoted cut too.
	slug := strings.Repeat("zq", 60)
	for _, q := range []string{
		`{ place(id: "Organisation:` + slug + `") { id } }`,
		`{ organisations(filter: {place: "Organisation:` + slug + `"}) { totalCount } }`,
		`{ place(id: "` + slug[:119] + `-") { id } }`,
		`{ nodes(ids: ["Organisation:` + slug[:119] + `-"]) { id } }`,
	} {
		_, resp, raw := post(t, srv, q, nil)
		if len(resp.Errors) == 0 {
			t.Errorf("no error: %s", truncate(raw))
		}
		if strings.Contains(string(raw), slug[:61]) || strings.Contains(string(raw), slug[1:62]) {
			t.Errorf("a message quotes more than 60 bytes of the id: %s", truncate(raw))
		}
	}
}

// TestGETIsCheckedLikePOST: the parameters of a GET are held to what a POST body is held to:
// variables and extensions are one JSON object each (the review saw `{"a":1} junk` accepted),
// refusals carry a code, and the URL is bounded by MAX_BODY_BYTES (a 5 KB query passed under
// MAX_BODY_BYTES=1024).
func TestGETIsCheckedLikePOST(t *testing.T) {
	srv := testServerWith(t, seededStore(t), map[string]string{"MAX_BODY_BYTES": "1024"})
	getRaw := func(rawQuery string) (int, []byte) {
		t.Helper()
		resp, err := http.Get(srv.URL + "/graphql?" + rawQuery)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, _ := io.ReadAll(resp.Body)
		if !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
			t.Errorf("%.80s: Content-Type %q", rawQuery, resp.Header.Get("Content-Type"))
		}
		return resp.StatusCode, raw
	}
	q := "query=" + url.QueryEscape(`query($a: Int) { search(text: "Gdynia", first: $a) { nodes { score } } }`)
	cases := []struct {
		name, params string
		status       int
		code         string
	}{
		{"data after the variables", q + "&variables=" + url.QueryEscape(`{"a":1} junk`), 400, "BAD_REQUEST"},
		{"two variables objects", q + "&variables=" + url.QueryEscape(`{"a":1}{"a":2}`), 400, "BAD_REQUEST"},
		{"variables that are a list", q + "&variables=" + url.QueryEscape(`[1]`), 400, "BAD_REQUEST"},
		{"variables that do not parse", q + "&variables=" + url.QueryEscape(`{"a":`), 400, "BAD_REQUEST"},
		{"extensions that do not parse", q + "&extensions=" + url.QueryEscape(`{x`), 400, "BAD_REQUEST"},
		{"extensions that are a string", q + "&extensions=" + url.QueryEscape(`"x"`), 400, "BAD_REQUEST"},
		{"two queries", q + "&" + q, 400, "BAD_REQUEST"},
		{"a malformed escape", q + "&variables=%zz", 400, "BAD_REQUEST"},
		{"a URL over MAX_BODY_BYTES", "query=" + url.QueryEscape("{ "+strings.Repeat("__typename ", 500)+"}"), 414, "REQUEST_TOO_LARGE"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, raw := getRaw(tc.params)
			if status != tc.status || code(decode(t, raw)) != tc.code {
				t.Errorf("want %d %s, got %d %s", tc.status, tc.code, status, truncate(raw))
			}
		})
	}
	// What is well formed runs.
	for _, params := range []string{q + "&variables=" + url.QueryEscape(`{"a": 1}`), q + "&variables=" + url.QueryEscape(" {\"a\": 1}\n"), q, q + "&variables=null"} {
		if status, raw := getRaw(params); status != 200 || code(decode(t, raw)) != nil {
			t.Errorf("%s: %d %s", params, status, truncate(raw))
		}
	}
}

// TestCachesKeepNoLargeOrRefusedDocuments: what the server keeps between requests is bounded.
// A persisted query is registered only once its document has validated, and neither cache
// keeps a document over 64 KiB (the review saw 300 anonymous 1 MB requests, a comment and
// `{ __typename }`, take the heap from 3 MB to 293 MB).
func TestCachesKeepNoLargeOrRefusedDocuments(t *testing.T) {
	srv := testServer(t, seededStore(t))
	apq := func(query string, withQuery bool) gqlResponse {
		t.Helper()
		sum := sha256.Sum256([]byte(query))
		body := map[string]any{"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hex.EncodeToString(sum[:])}}}
		if withQuery {
			body["query"] = query
		}
		_, _, raw := rawPost(t, srv, "application/json", mustJSON(body), nil)
		return decode(t, raw)
	}
	refused := []struct{ name, query string }{
		{"a document over the field limit", "query Wide { " + strings.Repeat("__typename ", 201) + "}"},
		{"a document that does not validate", "query Nope { nope }"},
		{"a document that does not parse", "query Broken { __typename "},
	}
	for _, tc := range refused {
		if r := apq(tc.query, true); len(r.Errors) == 0 {
			t.Fatalf("%s ran", tc.name)
		}
		if r := apq(tc.query, false); code(r) != "PERSISTED_QUERY_NOT_FOUND" {
			t.Errorf("%s was registered: %v", tc.name, r.Errors)
		}
	}
	large := "# " + strings.Repeat("x", 100<<10) + "\nquery Large { __typename }"
	if r := apq(large, true); len(r.Errors) > 0 {
		t.Fatalf("a large document with a comment: %v", r.Errors)
	}
	if r := apq(large, false); code(r) != "PERSISTED_QUERY_NOT_FOUND" {
		t.Errorf("a 100 KiB document was registered: %v", r.Errors)
	}
	small := "query Small { __typename }"
	apq(small, true)
	if r := apq(small, false); len(r.Errors) > 0 {
		t.Errorf("a small document was not registered: %v", r.Errors)
	}

	// 120 distinct anonymous documents of 512 KiB each (60 MiB), registered as persisted
	// queries.
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	comment := "# " + strings.Repeat("y", 512<<10) + "\n"
	for i := range 120 {
		if r := apq(fmt.Sprintf("%squery Q%d { __typename }", comment, i), true); len(r.Errors) > 0 {
			t.Fatalf("request %d: %v", i, r.Errors)
		}
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	grown := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	if grown > 16<<20 {
		t.Errorf("120 anonymous requests of 512 KiB left %d MiB on the heap", grown>>20)
	}
	t.Logf("120 anonymous requests of 512 KiB left %d KiB on the heap", grown>>10)
}

// slowWrites commits every change set after a delay, whatever its context says: a write that
// outlives the request's deadline.
type slowWrites struct {
	store.Store
	delay time.Duration
}

func (s slowWrites) Apply(_ context.Context, cs store.ChangeSet) (store.ApplyResult, error) {
	time.Sleep(s.delay)
	return s.Store.Apply(context.Background(), cs)
}

// TestCommittedWritesAreNeverReportedAsFailures: a mutation whose answer is over
// MAX_RESPONSE_BYTES still says what committed (the review saw data: null and
// RESPONSE_TOO_LARGE for an organisation that was stored), and one whose deadline passes says
// that its outcome is unknown rather than that it failed.
func TestCommittedWritesAreNeverReportedAsFailures(t *testing.T) {
	t.Run("too large", func(t *testing.T) {
		srv := testServerWith(t, seededStore(t), map[string]string{"WRITE_TOKEN": testToken, "MAX_RESPONSE_BYTES": "1024"})
		var wide strings.Builder
		for i := range 100 {
			fmt.Fprintf(&wide, " n%d: name", i)
		}
		q := `mutation($a: OrganisationInput!) {
  small: deleteNode(id: "Organisation:fosa") { nodesDeleted }
  big: createOrganisation(input: $a) { id` + wide.String() + ` }
}`
		r := postAs(t, srv, testToken, q, map[string]any{"a": mopsInput("MOPS Sopot")["input"]})
		var data map[string]json.RawMessage
		if err := json.Unmarshal(r.Data, &data); err != nil || data == nil {
			t.Fatalf("data is %s: %v", r.Data, r.Errors)
		}
		if !strings.Contains(string(data["small"]), "nodesDeleted") {
			t.Errorf("the small result is gone: %s", r.Data)
		}
		if string(data["big"]) != "null" {
			t.Errorf("big = %.100s", data["big"])
		}
		var found bool
		for _, e := range r.Errors {
			if e.Extensions["code"] == "RESPONSE_TOO_LARGE" && len(e.Path) == 1 && e.Path[0] == "big" {
				found = true
				if !strings.Contains(e.Message, "committed") || e.Extensions["id"] != "Organisation:mops-sopot" {
					t.Errorf("the error does not say the write committed and its id: %+v", e)
				}
			}
		}
		if !found {
			t.Errorf("no RESPONSE_TOO_LARGE at big: %v", r.Errors)
		}
		if r := postAs(t, srv, "", `{ organisation(id: "mops-sopot") { name } }`, nil); !strings.Contains(string(r.Data), "MOPS Sopot") {
			t.Fatalf("the organisation was not stored: %s", r.Data)
		}
	})
	t.Run("deadline", func(t *testing.T) {
		srv := testServerWith(t, slowWrites{Store: seededStore(t), delay: 400 * time.Millisecond}, map[string]string{"WRITE_TOKEN": testToken, "REQUEST_TIMEOUT": "100ms"})
		r := postAs(t, srv, testToken, createMOPS, mopsInput("MOPS Sopot"))
		if code(r) != "TIMEOUT" {
			t.Fatalf("want TIMEOUT, got %s %v", r.Data, r.Errors)
		}
		if m := r.Errors[0].Message; !strings.Contains(m, "may have committed") || !strings.Contains(m, "read it back") {
			t.Errorf("a mutation past its deadline: %q", m)
		}
		// It did commit.
		time.Sleep(600 * time.Millisecond)
		if r := postAs(t, srv, "", `{ organisation(id: "mops-sopot") { name } }`, nil); !strings.Contains(string(r.Data), "MOPS Sopot") {
			t.Errorf("the slow write did not commit: %s %v", r.Data, r.Errors)
		}
		// A query past its deadline keeps the plain message.
		stuck := stuckStore{Store: seededStore(t), release: make(chan struct{})}
		t.Cleanup(func() { close(stuck.release) })
		qsrv := testServerWith(t, stuck, map[string]string{"REQUEST_TIMEOUT": "100ms"})
		if _, resp, raw := post(t, qsrv, `{ stats { nodes { key } } }`, nil); code(resp) != "TIMEOUT" || strings.Contains(string(raw), "committed") {
			t.Errorf("a query past its deadline: %s", truncate(raw))
		}
	})
}

// nineSeats is nine fields of one response name, each with 199 subfields of one response name:
// validation compares the 36 pairs of seats and, for each, the 199² pairs of their ids.
var nineSeats = strings.Repeat("s: seat { "+strings.Repeat("id ", 199)+"} ", 9)

// fragmentSpreadBy is n operations spreading one fragment.
func fragmentSpreadBy(n int, fragment string) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "query Q%d { ...F }\n", i)
	}
	return b.String() + fragment
}

// TestValidationWorkIsBoundedBeforeItRuns: validation walks every operation and every fragment
// definition on its own, each with the fragments it reaches, and compares every pair of fields
// that merge under one response name; the shape check measures the document as validation will
// walk it, so documents that passed every limit and then validated for seconds (a 6 KB
// document of 40 operations spreading nine seats took 12.2 s) are refused before validation.
func TestValidationWorkIsBoundedBeforeItRuns(t *testing.T) {
	srv := testServer(t, seededStore(t))
	seats := `fragment F on Query { organisation(id: "mops-gdynia") { ` + nineSeats + `} }`
	chain := func(n int) string {
		var b strings.Builder
		b.WriteString(`query { organisation(id: "mops-gdynia") { ...G1 } }` + "\n")
		for i := 1; i < n; i++ {
			fmt.Fprintf(&b, "fragment G%d on Organisation { ...G%d }\n", i, i+1)
		}
		fmt.Fprintf(&b, "fragment G%d on Organisation { ... on Organisation { %s} }\n", n, nineSeats)
		return b.String()
	}
	var wide strings.Builder
	for i := range 5 {
		fmt.Fprintf(&wide, " o%d: organisation(id: \"mops-gdynia\") {", i)
		for j := range 199 {
			fmt.Fprintf(&wide, " a%d: name", j)
		}
		wide.WriteString(" }")
	}
	thousand := "fragment F on Query {" + wide.String() + " }"
	nested := "{ " + strings.Repeat("... on Query { ", 400) + strings.Repeat("__typename ", 30) + strings.Repeat("} ", 400) + "}"
	operations := func(n int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "query Q%d { __typename }\n", i)
		}
		return b.String()
	}
	fragments := func(n int) string {
		var b strings.Builder
		b.WriteString("{ ...F0 }\n")
		for i := range n {
			fmt.Fprintf(&b, "fragment F%d on Query { a%d: __typename }\n", i, i)
		}
		return b.String()
	}
	cases := []struct{ name, query string }{
		{"one operation spreading nine seats", fragmentSpreadBy(1, seats)},
		{"ten operations spreading nine seats", fragmentSpreadBy(10, seats)},
		{"forty operations spreading nine seats", fragmentSpreadBy(40, seats)},
		{"a chain of ten fragments to nine seats", chain(10)},
		{"a chain of twenty fragments to nine seats", chain(20)},
		{"a fragment of 1,000 fields spread by 15 operations", fragmentSpreadBy(15, thousand)},
		{"30 fields in 400 nested inline fragments", nested},
		{"21 operations", operations(21)},
		{"101 fragment definitions", fragments(101)},
		{"51 fields of one response name", "{ " + strings.Repeat("__typename ", 51) + "}"},
		{"51 fields of one response name through fragments", "{ organisation(id: \"fosa\") { ...A ...B ...C } }\n" +
			"fragment A on Organisation { " + strings.Repeat("name ", 17) + "}\nfragment B on Organisation { " + strings.Repeat("name ", 17) + "}\nfragment C on Organisation { " + strings.Repeat("name ", 17) + "}"},
		{"51 fields of one response name under merging fields", "{ " + strings.Repeat(`o: organisation(id: "fosa") { `+strings.Repeat("name ", 17)+"} ", 3) + "}"},
		{"300 spreads of a fragment without fields", "{ " + strings.Repeat("...F ", 300) + "}\nfragment F on Query { ...G }\nfragment G on Query { ...F }"},
		{"a heavy first definition of a fragment named twice", "{ ...F }\n" + seats + "\nfragment F on Query { __typename }"},
		// Validation compares the arguments of every pair of merging fields, in every walk.
		{"20 operations spreading 50 relations lists of 140 types", fragmentSpreadBy(20, `fragment F on Query { organisation(id: "mops-gdynia") { `+
			strings.Repeat("r: relations(types: ["+strings.Repeat("LEADS ", 140)+"]) { edges { direction } } ", 50)+"} }")},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			start := time.Now()
			_, resp, raw := post(t, srv, tc.query, nil)
			if code(resp) != "FIELD_LIMIT_EXCEEDED" {
				t.Errorf("want FIELD_LIMIT_EXCEEDED, got %s", truncate(raw))
			}
			if d := time.Since(start); d > time.Second {
				t.Errorf("the answer took %v", d)
			}
		})
	}
	// Within the limits: GraphiQL's introspection query, 20 operations, 100 fragments, 50
	// fields of one response name.
	for name, q := range map[string]string{
		"introspection": introspectionQuery, "20 operations": operations(20), "100 fragments": fragments(100),
		"50 fields of one response name": "{ " + strings.Repeat("__typename ", 50) + "}",
	} {
		body := map[string]any{"query": q}
		if name == "20 operations" {
			body["operationName"] = "Q3"
		}
		_, _, raw := rawPost(t, srv, "application/json", mustJSON(body), nil)
		if r := decode(t, raw); code(r) == "FIELD_LIMIT_EXCEEDED" {
			t.Errorf("%s refused: %s", name, truncate(raw))
		}
	}
}

// TestDeadlineCoversValidation: validation cannot be interrupted; when it runs past the
// deadline the client gets TIMEOUT at the deadline, and at most one validation per CPU runs at
// once, so that work whose clients have gone cannot pile up. (TestDeadlineCoversTheWholeRequest
// passes its deadline before parsing starts; here validation itself runs long, as the
// nine-seats documents did before the shape check measured them.)
func TestDeadlineCoversValidation(t *testing.T) {
	var running, most atomic.Int64
	slow := func(observers *validator.Events, _ validator.AddErrFunc) {
		observers.OnOperation(func(*validator.Walker, *ast.OperationDefinition) {
			n := running.Add(1)
			for m := most.Load(); n > m && !most.CompareAndSwap(m, n); m = most.Load() {
			}
			time.Sleep(time.Second) // uninterruptible, as validation is
			running.Add(-1)
		})
	}
	validationRules = func() *rules.Rules {
		r := rules.NewDefaultRules()
		r.AddRule("SlowForTest", slow)
		return r
	}
	t.Cleanup(func() { validationRules = nil })
	srv := testServerWith(t, seededStore(t), map[string]string{"REQUEST_TIMEOUT": "200ms"})

	clients := 2*runtime.GOMAXPROCS(0) + 2
	var wg sync.WaitGroup
	answers := make([]string, clients)
	took := make([]time.Duration, clients)
	for i := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := time.Now()
			body := mustJSON(map[string]any{"query": fmt.Sprintf("query Q%d { __typename }", i)})
			resp, err := http.Post(srv.URL+"/graphql", "application/json", bytes.NewReader(body))
			if err != nil {
				answers[i] = err.Error()
				return
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			took[i] = time.Since(start)
			answers[i] = string(raw)
		}()
	}
	wg.Wait()
	for i := range clients {
		if !strings.Contains(answers[i], `"code":"TIMEOUT"`) {
			t.Errorf("client %d: %s", i, answers[i])
		}
		if took[i] > 800*time.Millisecond {
			t.Errorf("client %d got its answer after %v (deadline 200ms, validation 1s)", i, took[i])
		}
	}
	if m := most.Load(); m > int64(runtime.GOMAXPROCS(0)) {
		t.Errorf("%d validations ran at once; at most %d may", m, runtime.GOMAXPROCS(0))
	}
}
