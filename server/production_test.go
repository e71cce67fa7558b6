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
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// TestEachLimitJustUnderAndOver sends, for every limit, a request just within it and one just
// beyond it; the second is refused before the store is touched, naming the limit and its value.
func TestEachLimitJustUnderAndOver(t *testing.T) {
	env := map[string]string{"MAX_DEPTH": "6", "MAX_COST": "4000", "MAX_PAGE_SIZE": "30", "MAX_BODY_BYTES": "4096"}
	counting := &countingStore{Store: seededStore(t)}
	srv := testServerWith(t, counting, env)
	cases := []struct {
		name, query, code, names string
	}{
		{"depth 6", `{ place(id: "gebice") { parent { parent { parent { parent { name } } } } } }`, "", ""},
		{"depth 7", `{ place(id: "gebice") { parent { parent { parent { parent { parent { name } } } } } } }`, "DEPTH_LIMIT_EXCEEDED", "the limit is 6"},
		// cost = 2000 (the listing's own store call) + 30 × (2 + 2 × relations): 3980 for 32
		// relations, 4040 for 33.
		{"cost 3980", `{ organisations(first: 30) { nodes { relations(first: 32) { nodes { id } } } } }`, "", ""},
		{"cost 4040", `{ organisations(first: 30) { nodes { relations(first: 33) { nodes { id } } } } }`, "COMPLEXITY_LIMIT_EXCEEDED", "the limit is 4000"},
		{"page size 30", `{ organisations(first: 30) { totalCount } }`, "", ""},
		{"page size 31", `{ organisations(first: 31) { totalCount } }`, "BAD_USER_INPUT", "between 0 and 30"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before := counting.calls.Load()
			_, resp, raw := post(t, srv, tc.query, nil)
			if tc.code == "" {
				if len(resp.Errors) > 0 {
					t.Fatalf("refused within the limit: %s", truncate(raw))
				}
				return
			}
			if code(resp) != tc.code || !strings.Contains(resp.Errors[0].Message, tc.names) {
				t.Fatalf("got %s", truncate(raw))
			}
			if tc.code != "BAD_USER_INPUT" && counting.calls.Load() != before {
				t.Errorf("a refused operation reached the store")
			}
		})
	}
	for size, want := range map[int]int{4000: http.StatusOK, 4200: http.StatusRequestEntityTooLarge} {
		pad := strings.Repeat(" ", size-len(`{"query":"{ stats { nodes { key } } }"}`))
		resp, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(`{"query":"{ stats { nodes { key } } }"`+pad+`}`))
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("a %d-byte body got %d, want %d", size, resp.StatusCode, want)
		}
	}
}

// countingStore counts store calls, to check that refusals happen before them.
type countingStore struct {
	store.Store
	calls atomicInt
}

func (c *countingStore) Organisations(ctx context.Context, f store.OrganisationFilter, o store.OrganisationOrder, p store.Page) (*store.OrganisationPage, error) {
	c.calls.Add(1)
	return c.Store.Organisations(ctx, f, o, p)
}

func (c *countingStore) Nodes(ctx context.Context, keys []ecosystem.NodeKey) ([]ecosystem.Node, error) {
	c.calls.Add(1)
	return c.Store.Nodes(ctx, keys)
}

// slowStore answers Search only after its context ends.
type slowStore struct{ store.Store }

func (slowStore) Search(ctx context.Context, _ store.SearchQuery) ([]ecosystem.SearchHit, error) {
	<-ctx.Done()
	return nil, ctx.Err()
}

func TestStoreTimeout(t *testing.T) {
	srv := testServerWith(t, slowStore{seededStore(t)}, map[string]string{"STORE_TIMEOUT": "200ms"})
	start := time.Now()
	_, resp, raw := post(t, srv, `{ search(text: "Gdynia") { nodes { score } } }`, nil)
	if code(resp) != "TIMEOUT" {
		t.Fatalf("a slow store call: %s", raw)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the timeout took %v", d)
	}
}

func TestCacheableGET(t *testing.T) {
	srv := testServerWith(t, seededStore(t), map[string]string{"CACHE_CONTROL": "public, max-age=120"})
	u := srv.URL + "/graphql?query=" + url.QueryEscape(`{ organisation(id: "fosa") { name } }`)
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	etag := resp.Header.Get("ETag")
	if resp.StatusCode != 200 || etag == "" || resp.Header.Get("Cache-Control") != "public, max-age=120" {
		t.Fatalf("GET: %d ETag %q Cache-Control %q", resp.StatusCode, etag, resp.Header.Get("Cache-Control"))
	}
	req, _ := http.NewRequest(http.MethodGet, u, nil)
	req.Header.Set("If-None-Match", etag)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("revalidation: %d with %d bytes", resp.StatusCode, len(body))
	}
	// Errors and POSTs are not cached.
	resp, _ = http.Get(srv.URL + "/graphql?query=" + url.QueryEscape(`{ organisation(id: "nope") { name } }`))
	resp.Body.Close()
	if resp.Header.Get("Cache-Control") != "no-store" || resp.Header.Get("ETag") != "" {
		t.Errorf("an error response is cacheable: %v", resp.Header)
	}
	resp, _ = http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(`{"query":"{ stats { nodes { key } } }"}`))
	resp.Body.Close()
	if resp.Header.Get("Cache-Control") != "no-store" {
		t.Errorf("a POST response is cacheable: %v", resp.Header)
	}
}

func TestAllowListMode(t *testing.T) {
	allowed := `query Stats { stats { nodes { key count } } }`
	path := filepath.Join(t.TempDir(), "trusted.json")
	data, _ := json.Marshal([]string{allowed})
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	srv := testServerWith(t, seededStore(t), map[string]string{"TRUSTED_DOCUMENTS": path})
	if _, resp, raw := post(t, srv, allowed, nil); len(resp.Errors) > 0 {
		t.Errorf("a registered document was refused: %s", raw)
	}
	if _, resp, raw := post(t, srv, `{ stats { nodes { key } } }`, nil); code(resp) != "OPERATION_NOT_ALLOWED" {
		t.Errorf("an unregistered document ran: %s", raw)
	}
	sum := sha256.Sum256([]byte(allowed))
	for hash, want := range map[string]string{hex.EncodeToString(sum[:]): "", strings.Repeat("0", 64): "OPERATION_NOT_ALLOWED"} {
		body := fmt.Sprintf(`{"extensions":{"persistedQuery":{"version":1,"sha256Hash":%q}}}`, hash)
		resp, err := http.Post(srv.URL+"/graphql", "application/json", strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		var out gqlResponse
		_ = json.NewDecoder(resp.Body).Decode(&out)
		resp.Body.Close()
		if got, _ := code(out).(string); got != want && !(want == "" && got == "") {
			t.Errorf("hash %s…: code %v, want %q", hash[:8], code(out), want)
		}
	}
}

func TestMetricsAndRequestLogs(t *testing.T) {
	var logs bytes.Buffer
	cfg, err := parseConfig(nil, func(string) string { return "" }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	logger, _ := newLogger(Config{LogFormat: "json", LogLevel: "info"}, &logs)
	h, err := newHandler(cfg, seededStore(t), logger)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(`{"query":"query PartnersOfCAG { partners(of: \"cag\") { nodes { strength } } } ","operationName":"PartnersOfCAG"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Request-ID", "dash-42")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Header.Get("X-Request-ID") != "dash-42" {
		t.Errorf("request id not echoed: %q", resp.Header.Get("X-Request-ID"))
	}
	_, _, _ = post(t, srv, `query Broken { organisation(id: "nope") { name } }`, nil)
	line := findLogLine(t, logs.String(), "dash-42")
	if line["operation"] != "PartnersOfCAG" || line["status"] != float64(200) || line["duration"] == nil {
		t.Errorf("the request log line lacks operation, status or duration: %v", line)
	}
	resp, err = http.Get(srv.URL + "/metrics")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	for _, want := range []string{
		`graphql_requests_total{operation="PartnersOfCAG",outcome="ok"} 1`,
		`graphql_requests_total{operation="Broken",outcome="error"} 1`,
		`graphql_errors_total{code="NOT_FOUND"} 1`,
		`graphql_request_duration_seconds_bucket{operation="PartnersOfCAG"`,
		`store_call_duration_seconds_count{method="Partners"} 1`,
		`http_requests_total{code="200",route="/graphql"}`,
		`go_goroutines`,
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func findLogLine(t *testing.T, logs, requestID string) map[string]any {
	t.Helper()
	for _, l := range strings.Split(logs, "\n") {
		var m map[string]any
		if json.Unmarshal([]byte(l), &m) == nil && m["request_id"] == requestID && m["msg"] == "request" {
			return m
		}
	}
	t.Fatalf("no request log line for %s in:\n%s", requestID, logs)
	return nil
}
