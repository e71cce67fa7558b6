package main

import (
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const deferredPartners = `{ organisation(id: "snrss") { name ... @defer(label: "partners") { partners(first: 3) { nodes { partner { name } } } } } }`

// TestDeferOverMultipartMixed: @defer is served as incremental delivery (multipart/mixed, as
// Apollo Client and GraphiQL ask for it): the first part has the immediate fields and hasNext,
// a later part the deferred fields at their path, and the last part ends the stream. The probe
// saw the deferred fields come back null with hasNext true and no error.
func TestDeferOverMultipartMixed(t *testing.T) {
	srv := testServer(t, seededStore(t))
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(string(mustJSON(map[string]any{"query": deferredPartners}))))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "multipart/mixed;deferSpec=20220824, application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	mt, params, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" {
		raw, _ := io.ReadAll(resp.Body)
		t.Fatalf("Content-Type %q: %s", resp.Header.Get("Content-Type"), truncate(raw))
	}
	type part struct {
		Data        json.RawMessage `json:"data"`
		HasNext     *bool           `json:"hasNext"`
		Errors      []any           `json:"errors"`
		Incremental []struct {
			Data  json.RawMessage `json:"data"`
			Path  []any           `json:"path"`
			Label string          `json:"label"`
		} `json:"incremental"`
	}
	var parts []part
	mr := multipart.NewReader(resp.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("part %d: %v", len(parts), err)
		}
		raw, _ := io.ReadAll(p)
		var pt part
		if err := json.Unmarshal(raw, &pt); err != nil {
			t.Fatalf("part %d is not JSON: %s", len(parts), raw)
		}
		parts = append(parts, pt)
	}
	if len(parts) < 2 {
		t.Fatalf("%d parts", len(parts))
	}
	first, last := parts[0], parts[len(parts)-1]
	if !strings.Contains(string(first.Data), `"name":"Stowarzyszenie`) || first.HasNext == nil || !*first.HasNext {
		t.Errorf("first part: %s hasNext %v", first.Data, first.HasNext)
	}
	found := false
	for _, p := range parts[1:] {
		for _, inc := range p.Incremental {
			if inc.Label == "partners" && strings.Contains(string(inc.Data), `"partners":{"nodes":[{"partner":{"name":`) && len(inc.Path) == 1 && inc.Path[0] == "organisation" {
				found = true
			}
		}
	}
	if !found {
		t.Errorf("no part delivers the deferred partners: %+v", parts[1:])
	}
	if last.HasNext == nil || *last.HasNext {
		t.Errorf("the last part does not end the stream: hasNext %v", last.HasNext)
	}
}

// TestDeferNeedsMultipart: a deferred operation sent without accepting multipart/mixed is
// refused with a code that says what to do, rather than answered with its deferred fields
// missing.
func TestDeferNeedsMultipart(t *testing.T) {
	srv := testServer(t, seededStore(t))
	_, resp, raw := post(t, srv, deferredPartners, nil)
	if code(resp) != "BAD_REQUEST" || !strings.Contains(resp.Errors[0].Message, "multipart/mixed") {
		t.Fatalf("@defer over application/json: %s", truncate(raw))
	}
	// @defer(if: false) is no deferral.
	if _, resp, raw := post(t, srv, `{ organisation(id: "snrss") { ... @defer(if: false) { name } } }`, nil); len(resp.Errors) > 0 || !strings.Contains(string(raw), "Stowarzyszenie") {
		t.Errorf("@defer(if: false): %s", truncate(raw))
	}
}

// TestDeferredFieldsAreCosted: deferred fragments count towards MAX_COST like any other.
func TestDeferredFieldsAreCosted(t *testing.T) {
	srv := testServerWith(t, seededStore(t), map[string]string{"MAX_COST": "2000"})
	q := `{ organisation(id: "snrss") { name ... @defer { partners(first: 100) { nodes { partner { partners(first: 100) { nodes { strength } } } } } } } }`
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(string(mustJSON(map[string]any{"query": q}))))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "multipart/mixed;deferSpec=20220824, application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(raw), "COMPLEXITY_LIMIT_EXCEEDED") {
		t.Errorf("an expensive deferred fragment: %s", truncate(raw))
	}
}

// multipartParts sends query accepting multipart/mixed and returns the JSON of each part.
func multipartParts(t *testing.T, srv *httptest.Server, query string) [][]byte {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(string(mustJSON(map[string]any{"query": query}))))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "multipart/mixed;deferSpec=20220824, application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	mt, params, err := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	if err != nil || mt != "multipart/mixed" {
		raw, _ := io.ReadAll(resp.Body)
		t.Fatalf("Content-Type %q: %s", resp.Header.Get("Content-Type"), truncate(raw))
	}
	var parts [][]byte
	mr := multipart.NewReader(resp.Body, params["boundary"])
	for {
		p, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("part %d: %v", len(parts), err)
		}
		raw, _ := io.ReadAll(p)
		parts = append(parts, raw)
	}
	return parts
}

// TestDeferredPartsShareTheResponseLimit: MAX_RESPONSE_BYTES bounds the whole stream, not each
// part: once the parts sent add up to more, the stream ends with RESPONSE_TOO_LARGE (the review
// saw 40 deferred relations lists deliver 14,466 bytes under MAX_RESPONSE_BYTES=4096).
func TestDeferredPartsShareTheResponseLimit(t *testing.T) {
	srv := testServerWith(t, seededStore(t), map[string]string{"MAX_RESPONSE_BYTES": "4096"})
	var b strings.Builder
	b.WriteString(`{ organisation(id: "mops-gdynia") { name`)
	for i := range 40 {
		fmt.Fprintf(&b, ` ... @defer(label: "d%d") { r%d: relations(first: 30) { edges { direction node { id name } } } }`, i, i)
	}
	b.WriteString(" } }")
	parts := multipartParts(t, srv, b.String())
	total := 0
	for _, p := range parts {
		total += len(p)
	}
	last := parts[len(parts)-1]
	var end struct {
		HasNext     *bool `json:"hasNext"`
		Incremental []struct {
			Errors []struct {
				Extensions map[string]any `json:"extensions"`
			} `json:"errors"`
		} `json:"incremental"`
		Errors []struct {
			Extensions map[string]any `json:"extensions"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(last, &end); err != nil {
		t.Fatalf("the last part: %s", truncate(last))
	}
	if total > 4096+1024 {
		t.Errorf("%d parts delivered %d bytes under MAX_RESPONSE_BYTES=4096", len(parts), total)
	}
	if end.HasNext == nil || *end.HasNext || !strings.Contains(string(last), "RESPONSE_TOO_LARGE") {
		t.Errorf("the stream does not end with RESPONSE_TOO_LARGE: %s", truncate(last))
	}
	// Under the limit the stream is whole.
	small := `{ organisation(id: "mops-gdynia") { name ... @defer(label: "r") { relations(first: 2) { edges { direction } } } } }`
	parts = multipartParts(t, srv, small)
	if len(parts) < 2 || strings.Contains(string(parts[len(parts)-1]), "RESPONSE_TOO_LARGE") {
		t.Errorf("a small deferred query: %q", parts)
	}
}

// TestOnlyDeferringOperationsGetMultipart: a client that accepts multipart/mixed on every
// request (GraphiQL does) gets one JSON document for an operation that defers nothing.
func TestOnlyDeferringOperationsGetMultipart(t *testing.T) {
	srv := testServer(t, seededStore(t))
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(`{"query": "{ organisation(id: \"mops-gdynia\") { name } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/graphql-response+json, application/json, multipart/mixed")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt == "multipart/mixed" || !strings.Contains(string(raw), `"name":"Miejski Ośrodek Pomocy Społecznej w Gdyni"`) {
		t.Errorf("a query without @defer: %s %s", resp.Header.Get("Content-Type"), truncate(raw))
	}
}
