package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// TestBadInputGetsAStableCode checks that malformed or unknown input gets a clear message and a
// stable extensions.code.
func TestBadInputGetsAStableCode(t *testing.T) {
	srv := testServer(t, seededStore(t))
	cases := []struct {
		name, query, code, message string
	}{
		{"unknown organisation", `{ organisation(id: "mops-nowhere") { name } }`, "NOT_FOUND", "Organisation:mops-nowhere does not exist"},
		{"malformed id", `{ organisation(id: "MOPS Gdynia!") { name } }`, "BAD_USER_INPUT", "lower-case letters"},
		{"id of another type", `{ organisation(id: "Place:gdynia") { name } }`, "BAD_USER_INPUT", "is not a Organisation id"},
		{"unknown type in a global id", `{ node(id: "Planet:mars") { id } }`, "BAD_USER_INPUT", "names no node type"},
		{"page too large", `{ organisations(first: 1000) { totalCount } }`, "BAD_USER_INPUT", "first must be between 0 and 100"},
		{"depth out of range", `{ neighbourhood(id: "mops-gdynia", depth: 9) { truncated } }`, "BAD_USER_INPUT", "depth must be between 0 and 3"},
		{"too many hops", `{ path(from: "mops-gdynia", to: "fosa", maxHops: 12) { nodes { length } } }`, "BAD_USER_INPUT", "maxHops must be between 1 and 6"},
		{"unknown voivodeship", `{ organisations(filter: { voivodeship: "atlantis" }) { totalCount } }`, "BAD_USER_INPUT", "is not a voivodeship"},
		{"foreign garbage cursor", `{ organisations(after: "garbage") { totalCount } }`, "BAD_USER_INPUT", "not issued by this server"},
		{"bad partial date", `{ timeline(id: "snrss", from: "2013-13") { role } }`, "BAD_USER_INPUT", "month 13 is out of range"},
		{"bad enum literal", `{ hosts(themes: [FLYING]) { nodes { score } } }`, "GRAPHQL_VALIDATION_FAILED", "FLYING"},
		{"syntax error", `{ organisation(id: "x" { name } }`, "GRAPHQL_PARSE_FAILED", "Expected"},
		{"unknown field", `{ organisation(id: "snrss") { colour } }`, "GRAPHQL_VALIDATION_FAILED", "colour"},
		{"near without coordinates", `{ hosts(near: { radiusKm: 10 }) { nodes { score } } }`, "BAD_USER_INPUT", "near needs both lat and lon"},
		{"near at a place without coordinates", `{ hosts(near: { place: "Place:trzcianka" }) { nodes { score } } }`, "BAD_USER_INPUT", "has no coordinates"},
		{"ambiguous bare slug", `{ node(id: "gmina-czarnkow") { id } }`, "BAD_USER_INPUT", "names several nodes"},
		{"partners of a place", `{ partners(of: "Place:gdynia") { nodes { strength } } }`, "BAD_USER_INPUT", "is not a Organisation id"},
		{"event role that is not one", `{ event(id: "wwd-szwecja") { participants(roles: [WITHIN]) { nodes { role } } } }`, "BAD_USER_INPUT", "is not an event role"},
		{"too deep", `{ organisation(id: "snrss") { partners { nodes { partner { partners { nodes { partner { partners { nodes { partner { partners { nodes { partner { partners { nodes { partner { partners { nodes { partner { name } } } } } } } } } } } } } } } } } } } }`, "DEPTH_LIMIT_EXCEEDED", "the limit is 12"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, resp, raw := post(t, srv, tc.query, nil)
			if len(resp.Errors) == 0 {
				t.Fatalf("no error: %s", raw)
			}
			e := resp.Errors[0]
			if e.Extensions["code"] != tc.code {
				t.Errorf("code = %v, want %s (%s)", e.Extensions["code"], tc.code, e.Message)
			}
			if !strings.Contains(e.Message, tc.message) {
				t.Errorf("message %q lacks %q", e.Message, tc.message)
			}
		})
	}
}

// failingStore fails every read with an error that carries internal detail, to check that the
// detail never reaches a client.
type failingStore struct {
	store.Store
	err error
}

func (f failingStore) Nodes(context.Context, []ecosystem.NodeKey) ([]ecosystem.Node, error) {
	return nil, f.err
}

func (f failingStore) Search(context.Context, store.SearchQuery) ([]ecosystem.SearchHit, error) {
	return nil, f.err
}

func TestInternalsNeverReachClients(t *testing.T) {
	secret := "Neo.ClientError.Statement.SyntaxError: MATCH (n:Organisation) WHERE n.secret"
	cases := []struct {
		name string
		err  error
		code string
	}{
		{"driver text", fmt.Errorf("run cypher: %s", secret), "INTERNAL"},
		{"unavailable store with driver text", fmt.Errorf("%w: connect: %s", store.ErrUnavailable, secret), "UNAVAILABLE"},
		{"not found without a client message", fmt.Errorf("%w: %s", store.ErrNotFound, secret), "NOT_FOUND"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := testServer(t, failingStore{Store: seededStore(t), err: tc.err})
			for _, q := range []string{`{ search(text: "Gdynia") { nodes { score } } }`, `{ organisation(id: "snrss") { name } }`} {
				status, resp, raw := post(t, srv, q, nil)
				if status != http.StatusOK || len(resp.Errors) == 0 {
					t.Fatalf("status %d, body %s", status, raw)
				}
				if got := resp.Errors[0].Extensions["code"]; got != tc.code {
					t.Errorf("code = %v, want %s", got, tc.code)
				}
				if strings.Contains(string(raw), "Neo.") || strings.Contains(string(raw), "MATCH") || strings.Contains(string(raw), "cypher") {
					t.Errorf("internal detail leaked: %s", raw)
				}
			}
		})
	}
}

// panickingStore panics in a resolver's store call.
type panickingStore struct{ store.Store }

func (panickingStore) Stats(context.Context, store.StatsQuery) (*ecosystem.Stats, error) {
	panic(errors.New("nil map in stats at store/memory/stats.go:42"))
}

func TestPanicsAreHidden(t *testing.T) {
	srv := testServer(t, panickingStore{seededStore(t)})
	_, resp, raw := post(t, srv, `{ stats { nodes { key } } }`, nil)
	if len(resp.Errors) == 0 || resp.Errors[0].Extensions["code"] != "INTERNAL" {
		t.Fatalf("panic not reported as INTERNAL: %s", raw)
	}
	if strings.Contains(string(raw), "stats.go") || strings.Contains(string(raw), "nil map") {
		t.Errorf("panic detail leaked: %s", raw)
	}
}

func TestHealthAndReadiness(t *testing.T) {
	s := seededStore(t)
	srv := testServer(t, s)
	for path, want := range map[string]int{"/healthz": 200, "/readyz": 200} {
		resp, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("%s = %d, want %d", path, resp.StatusCode, want)
		}
	}
	if err := s.Close(t.Context()); err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(srv.URL + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("/readyz with a closed store = %d, want 503", resp.StatusCode)
	}
	resp, err = http.Get(srv.URL + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("/healthz must stay up while the store is down, got %d", resp.StatusCode)
	}
}

func TestCORSAllowList(t *testing.T) {
	cfg, err := parseConfig([]string{"-cors-origins", "https://dashboard.example"}, func(string) string { return "" }, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.CORSOrigins) != 1 {
		t.Fatalf("origins = %v", cfg.CORSOrigins)
	}
	h, err := newHandler(cfg, seededStore(t), discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	for origin, allowed := range map[string]bool{"https://dashboard.example": true, "https://evil.example": false} {
		req, _ := http.NewRequest(http.MethodOptions, "/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		rec := newRecorder()
		h.ServeHTTP(rec, req)
		got := rec.Header().Get("Access-Control-Allow-Origin") == origin
		if got != allowed {
			t.Errorf("origin %s allowed = %v, want %v", origin, got, allowed)
		}
	}
}
