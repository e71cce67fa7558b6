package main

import (
	"bytes"
	"compress/gzip"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/graph"
)

// The HTTP side of the clients that dashboards use (issue: clients, dashboards and the
// planner): preflights with their headers, compression, batches, persisted documents.

// plainClient leaves Accept-Encoding to the caller: Go's default transport asks for gzip
// itself and hides the encoding of what it decompresses.
var plainClient = &http.Client{Transport: &http.Transport{DisableCompression: true}}

// send makes a request with the given headers (a body is application/json unless the headers
// say otherwise; an empty value removes a header), through plainClient, and returns the
// response with its body read.
func send(t *testing.T, method, target, body string, header map[string]string) (*http.Response, []byte) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, target, r)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	resp, err := plainClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, raw
}

func gunzip(t *testing.T, b []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("not gzip: %v", err)
	}
	out, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestCORSForDashboards(t *testing.T) {
	srv := testServerWith(t, seededStore(t), map[string]string{"CORS_ORIGINS": "https://dash.example"})
	// As browsers send it: lower case, sorted, no spaces.
	asked := "apollographql-client-name,apollographql-client-version,content-type,traceparent,x-request-id"
	resp, _ := send(t, http.MethodOptions, srv.URL+"/graphql", "", map[string]string{
		"Origin": "https://dash.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": asked})
	if resp.StatusCode/100 != 2 || resp.Header.Get("Access-Control-Allow-Origin") != "https://dash.example" {
		t.Fatalf("preflight: %d, allow-origin %q", resp.StatusCode, resp.Header.Get("Access-Control-Allow-Origin"))
	}
	allowed := strings.ToLower(resp.Header.Get("Access-Control-Allow-Headers"))
	for _, h := range strings.Split(asked, ",") {
		if !strings.Contains(allowed, h) {
			t.Errorf("preflight does not allow %s: %q", h, allowed)
		}
	}
	if resp.Header.Get("Access-Control-Max-Age") != "600" {
		t.Errorf("preflight max-age %q", resp.Header.Get("Access-Control-Max-Age"))
	}
	resp, _ = send(t, http.MethodOptions, srv.URL+"/graphql", "", map[string]string{
		"Origin": "https://evil.example", "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": "content-type"})
	if resp.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("a preflight from another origin was allowed")
	}
	resp, _ = send(t, http.MethodGet, srv.URL+"/graphql?query="+url.QueryEscape("{ stats { nodes { key count } } }"), "", map[string]string{"Origin": "https://dash.example"})
	exposed := strings.ToLower(resp.Header.Get("Access-Control-Expose-Headers"))
	if resp.StatusCode != http.StatusOK || !strings.Contains(exposed, "etag") || !strings.Contains(exposed, "x-request-id") {
		t.Errorf("a GET from the dashboard: %d, exposes %q", resp.StatusCode, exposed)
	}
}

func TestCompression(t *testing.T) {
	srv := testServer(t, seededStore(t))
	big := `{"query":"{ organisations(first: 50) { edges { node { id name kind description } } } }"}`
	plain, plainBody := send(t, http.MethodPost, srv.URL+"/graphql", big, nil)
	zipped, zippedBody := send(t, http.MethodPost, srv.URL+"/graphql", big, map[string]string{"Accept-Encoding": "gzip, deflate, br"})
	if plain.Header.Get("Content-Encoding") != "" || zipped.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("encodings: without %q, with %q", plain.Header.Get("Content-Encoding"), zipped.Header.Get("Content-Encoding"))
	}
	if got := gunzip(t, zippedBody); !bytes.Equal(got, plainBody) {
		t.Errorf("the compressed answer differs: %d bytes, %d plain", len(got), len(plainBody))
	}
	if len(zippedBody)*3 > len(plainBody) {
		t.Errorf("a %d-byte answer compressed to %d bytes", len(plainBody), len(zippedBody))
	}
	if !strings.Contains(zipped.Header.Get("Vary"), "Accept-Encoding") || !strings.Contains(plain.Header.Get("Vary"), "Accept-Encoding") {
		t.Errorf("Vary: %q / %q", plain.Header.Get("Vary"), zipped.Header.Get("Vary"))
	}
	// A small answer goes as it is.
	small, _ := send(t, http.MethodPost, srv.URL+"/graphql", `{"query":"{ __typename }"}`, map[string]string{"Accept-Encoding": "gzip"})
	if small.Header.Get("Content-Encoding") != "" {
		t.Errorf("a small answer was compressed")
	}
	// GraphiQL's page and assets.
	page, pageBody := send(t, http.MethodGet, srv.URL+"/", "", map[string]string{"Accept-Encoding": "gzip"})
	if page.StatusCode != http.StatusOK || page.Header.Get("Content-Encoding") != "gzip" || !strings.Contains(string(gunzip(t, pageBody)), "<html") {
		t.Errorf("GraphiQL's page: %d, %q", page.StatusCode, page.Header.Get("Content-Encoding"))
	}
	// A cacheable GET: the compressed answer has its own ETag, and If-None-Match with it is 304.
	get := srv.URL + "/graphql?query=" + url.QueryEscape("{ organisations(first: 50) { edges { node { id name description } } } }")
	first, _ := send(t, http.MethodGet, get, "", map[string]string{"Accept-Encoding": "gzip"})
	etag := first.Header.Get("ETag")
	unzipped, _ := send(t, http.MethodGet, get, "", nil)
	if first.Header.Get("Content-Encoding") != "gzip" || etag == "" || etag == unzipped.Header.Get("ETag") {
		t.Fatalf("ETags: compressed %q, plain %q", etag, unzipped.Header.Get("ETag"))
	}
	again, body := send(t, http.MethodGet, get, "", map[string]string{"Accept-Encoding": "gzip", "If-None-Match": etag})
	if again.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("If-None-Match with the compressed ETag: %d, %d bytes", again.StatusCode, len(body))
	}
	// Incremental delivery is not compressed, so that each part arrives when it is sent.
	deferred, _ := send(t, http.MethodPost, srv.URL+"/graphql", string(mustJSON(map[string]any{"query": deferredPartners})),
		map[string]string{"Accept-Encoding": "gzip", "Accept": "multipart/mixed;deferSpec=20220824, application/json"})
	if !strings.HasPrefix(deferred.Header.Get("Content-Type"), "multipart/mixed") || deferred.Header.Get("Content-Encoding") != "" {
		t.Errorf("@defer: %q, encoding %q", deferred.Header.Get("Content-Type"), deferred.Header.Get("Content-Encoding"))
	}
}

func TestBatchedBodyRefusedPlainly(t *testing.T) {
	srv := testServer(t, seededStore(t))
	body := `[{"query":"{ __typename }"},{"query":"{ stats { nodes { key } } }"}]`
	resp, raw := send(t, http.MethodPost, srv.URL+"/graphql", body, nil)
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(raw), "batched requests") {
		t.Errorf("a batch: %d %s", resp.StatusCode, raw)
	}
	for _, leak := range []string{"__typename", "RawParams", "json:", "unmarshal"} {
		if strings.Contains(string(raw), leak) {
			t.Errorf("the refusal of a batch shows %q: %s", leak, raw)
		}
	}
}

// TestPersistedDocumentManifests: the allow-list reads the manifests that Apollo's
// generate-persisted-query-manifest, graphql-codegen's client preset and Relay's compiler
// write, and runs their documents by documentId (POST and GET) and by the APQ hash.
func TestPersistedDocumentManifests(t *testing.T) {
	stats := `query Stats { stats { nodes { key count } } }`
	typename := `query Name { __typename }`
	sha := func(s string) string { b := sha256.Sum256([]byte(s)); return hex.EncodeToString(b[:]) }
	md := func(s string) string { b := md5.Sum([]byte(s)); return hex.EncodeToString(b[:]) }
	manifests := map[string]struct {
		file string
		ids  []string // how clients name the two documents
	}{
		"apollo": {string(mustJSON(map[string]any{"format": "apollo-persisted-query-manifest", "version": 1, "operations": []map[string]any{
			{"id": sha(stats), "name": "Stats", "type": "query", "body": stats},
			{"id": sha(typename), "name": "Name", "type": "query", "body": typename}}})), []string{sha(stats), sha(typename)}},
		"codegen": {string(mustJSON(map[string]string{"sha256:" + sha(stats): stats, "sha256:" + sha(typename): typename})), []string{"sha256:" + sha(stats), "sha256:" + sha(typename)}},
		"relay":   {string(mustJSON(map[string]string{md(stats): stats, md(typename): typename})), []string{md(stats), md(typename)}},
	}
	for name, m := range manifests {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "manifest.json")
			if err := os.WriteFile(path, []byte(m.file), 0o600); err != nil {
				t.Fatal(err)
			}
			srv := testServerWith(t, seededStore(t), map[string]string{"TRUSTED_DOCUMENTS": path})
			for i, id := range m.ids {
				resp, raw := send(t, http.MethodPost, srv.URL+"/graphql", string(mustJSON(map[string]any{"documentId": id})), nil)
				if resp.StatusCode != http.StatusOK || strings.Contains(string(raw), `"errors"`) || !strings.Contains(string(raw), `"data"`) {
					t.Errorf("POST documentId %d: %d %s", i, resp.StatusCode, raw)
				}
				resp, raw = send(t, http.MethodGet, srv.URL+"/graphql?documentId="+url.QueryEscape(id), "", nil)
				if resp.StatusCode != http.StatusOK || strings.Contains(string(raw), `"errors"`) {
					t.Errorf("GET documentId %d: %d %s", i, resp.StatusCode, raw)
				}
			}
			apq := fmt.Sprintf(`{"extensions":{"persistedQuery":{"version":1,"sha256Hash":%q}}}`, sha(stats))
			if resp, raw := send(t, http.MethodPost, srv.URL+"/graphql", apq, nil); resp.StatusCode != http.StatusOK || strings.Contains(string(raw), `"errors"`) {
				t.Errorf("the APQ hash: %d %s", resp.StatusCode, raw)
			}
			unknown := string(mustJSON(map[string]any{"documentId": "sha256:" + strings.Repeat("0", 64)}))
			if _, raw := send(t, http.MethodPost, srv.URL+"/graphql", unknown, nil); !strings.Contains(string(raw), graph.CodeOperationNotAllowed) {
				t.Errorf("an unknown documentId: %s", raw)
			}
			both := string(mustJSON(map[string]any{"documentId": m.ids[0], "query": stats}))
			if resp, raw := send(t, http.MethodPost, srv.URL+"/graphql", both, nil); resp.StatusCode != http.StatusBadRequest || !strings.Contains(string(raw), "not both") {
				t.Errorf("a query and a documentId: %d %s", resp.StatusCode, raw)
			}
		})
	}
}

func TestTrustedDocumentsCheckedAtLoad(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	stale := `query Old { organisation(id: "x") { nameInEnglish } }`
	cases := map[string]struct{ file, want string }{
		"a document that no longer validates": {string(mustJSON([]string{stale})), "Old: "},
		"an identifier of another document":   {string(mustJSON(map[string]string{"sha256:" + strings.Repeat("a", 64): "{ __typename }"})), "is not the hash of its document"},
		"an identifier of no known hash":      {string(mustJSON(map[string]string{"op-1": "{ __typename }"})), "not an MD5, SHA-1 or SHA-256"},
		"another manifest format":             {`{"format": "apollo-persisted-query-manifest", "version": 2, "operations": []}`, "version 2"},
		"nothing listed":                      {`[]`, "lists no document"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			path := write(strings.ReplaceAll(name, " ", "-")+".json", c.file)
			cfg, err := parseConfig(nil, func(k string) string { return map[string]string{"TRUSTED_DOCUMENTS": path}[k] }, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := loadTrusted(cfg); err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one saying %q", err, c.want)
			}
		})
	}
	// The server stops before it opens (and seeds) a store: the data directory stays empty.
	data := filepath.Join(dir, "data")
	path := write("stale.json", string(mustJSON([]string{stale})))
	env := map[string]string{"TRUSTED_DOCUMENTS": path, "DATA_DIR": data, "ADDR": "127.0.0.1:0"}
	err := run(t.Context(), nil, func(k string) string { return env[k] }, io.Discard, nil)
	if err == nil || !strings.Contains(err.Error(), "do not validate") {
		t.Fatalf("run with a stale allow-list: %v", err)
	}
	if entries, _ := os.ReadDir(data); len(entries) > 0 {
		t.Errorf("the store was opened before the allow-list was checked: %d entries in the data directory", len(entries))
	}
}

// TestPersistedQueryMissStatus: a hash the server does not hold is one error and no data;
// 200 under application/json (as automatic persisted queries expect), 400 under
// application/graphql-response+json (a request error, as GraphQL over HTTP says).
func TestPersistedQueryMissStatus(t *testing.T) {
	srv := testServer(t, seededStore(t))
	body := fmt.Sprintf(`{"extensions":{"persistedQuery":{"version":1,"sha256Hash":%q}}}`, strings.Repeat("1", 64))
	for accept, want := range map[string]int{"application/json": 200, "application/graphql-response+json": 400} {
		resp, raw := send(t, http.MethodPost, srv.URL+"/graphql", body, map[string]string{"Accept": accept})
		var out map[string]json.RawMessage
		_ = json.Unmarshal(raw, &out)
		if resp.StatusCode != want || !strings.Contains(string(raw), graph.CodePersistedQueryNotFound) {
			t.Errorf("%s: %d %s", accept, resp.StatusCode, raw)
		}
		if _, hasData := out["data"]; hasData && accept != "application/json" {
			t.Errorf("%s: a data entry in %s", accept, raw)
		}
	}
	// documentId in APQ mode: what the cache holds runs, the rest is not found.
	q := `{ stats { nodes { key } } }`
	sum := sha256.Sum256([]byte(q))
	h := hex.EncodeToString(sum[:])
	register := fmt.Sprintf(`{"query":%q,"extensions":{"persistedQuery":{"version":1,"sha256Hash":%q}}}`, q, h)
	if resp, raw := send(t, http.MethodPost, srv.URL+"/graphql", register, nil); resp.StatusCode != 200 || strings.Contains(string(raw), "errors") {
		t.Fatalf("registering: %d %s", resp.StatusCode, raw)
	}
	if resp, raw := send(t, http.MethodPost, srv.URL+"/graphql", `{"documentId":"sha256:`+h+`"}`, nil); resp.StatusCode != 200 || strings.Contains(string(raw), "errors") {
		t.Errorf("documentId of a registered document: %d %s", resp.StatusCode, raw)
	}
}

// TestFailingRootFieldCostsOnlyItself: two hosts questions under aliases, one near a place the
// graph does not know; the other still answers, and the error names the failing alias.
func TestFailingRootFieldCostsOnlyItself(t *testing.T) {
	srv := testServer(t, seededStore(t))
	q := `{
  known: hosts(themes: [DEINSTITUTIONALISATION], first: 3) { nodes { organisation { id } } }
  unknown: hosts(themes: [DEINSTITUTIONALISATION], near: { place: "no-such-place", radiusKm: 50 }) { nodes { organisation { id } } }
  stats { nodes { key } }
}`
	status, resp, raw := post(t, srv, q, nil)
	var data map[string]json.RawMessage
	if err := json.Unmarshal(resp.Data, &data); status != http.StatusOK || err != nil {
		t.Fatalf("status %d: %s", status, raw)
	}
	if string(data["unknown"]) != "null" || len(data["known"]) < 10 || len(data["stats"]) < 10 {
		t.Errorf("the siblings of a failing field: %s", raw)
	}
	if len(resp.Errors) != 1 || fmt.Sprint(resp.Errors[0].Path) != "[unknown]" {
		t.Errorf("errors: %+v", resp.Errors)
	}
}

// TestPlaceSuggestions: the planner's origin box suggests gazetteer places as one types, towns
// the graph has no node for included.
func TestPlaceSuggestions(t *testing.T) {
	srv := testServer(t, seededStore(t))
	_, resp, raw := post(t, srv, `{ placeSuggestions(text: "Koszal", first: 3) { name label kind voivodeship point { lat lon } } }`, nil)
	var data struct {
		PlaceSuggestions []struct {
			Name, Label, Kind, Voivodeship string
			Point                          struct{ Lat, Lon float64 }
		}
	}
	if err := json.Unmarshal(resp.Data, &data); err != nil || len(resp.Errors) > 0 || len(data.PlaceSuggestions) == 0 {
		t.Fatalf("%s", raw)
	}
	first := data.PlaceSuggestions[0]
	if first.Name != "Koszalin" || first.Voivodeship != "zachodniopomorskie" || first.Point.Lat < 54 || first.Point.Lat > 54.3 {
		t.Errorf("the first suggestion for Koszal: %+v", first)
	}
	if _, resp, raw := post(t, srv, `{ placeSuggestions(text: "Kosz", first: 50) { name } }`, nil); code(resp) != "BAD_USER_INPUT" {
		t.Errorf("first: 50 was accepted: %s", raw)
	}
}

// TestHostScoreExplained: a host's score parts add up to its score, with the rules' weights.
func TestHostScoreExplained(t *testing.T) {
	srv := testServer(t, seededStore(t))
	_, resp, raw := post(t, srv, `{ hosts(themes: [DEINSTITUTIONALISATION, SUPPORTED_HOUSING], first: 5) { nodes { score scoreParts { kind count weight points } } } }`, nil)
	var data struct {
		Hosts struct {
			Nodes []struct {
				Score      float64
				ScoreParts []struct {
					Kind                  string
					Count, Weight, Points float64
				}
			}
		}
	}
	if err := json.Unmarshal(resp.Data, &data); err != nil || len(resp.Errors) > 0 || len(data.Hosts.Nodes) == 0 {
		t.Fatalf("%s", raw)
	}
	kinds := map[string]bool{}
	for _, h := range data.Hosts.Nodes {
		sum := 0.0
		for _, p := range h.ScoreParts {
			sum += p.Points
			kinds[p.Kind] = true
			if d := p.Count*p.Weight - p.Points; d > 0.01 || d < -0.01 {
				t.Errorf("%+v: points are not count × weight", p)
			}
		}
		if d := sum - h.Score; d > 0.02 || d < -0.02 {
			t.Errorf("score %.2f, parts %+v sum to %.2f", h.Score, h.ScoreParts, sum)
		}
	}
	if !kinds["THEME_COVERAGE"] {
		t.Errorf("no host's score counts theme coverage: %s", raw)
	}
}

// TestRootListsPage: every root list pages with after; the pages join into the whole list
// in order, totalCount counts it, and a cursor of another list is BAD_USER_INPUT.
func TestRootListsPage(t *testing.T) {
	srv := testServer(t, seededStore(t))
	lists := map[string]string{
		"partners":  `partners(of: "snrss", first: $first, after: $after)`,
		"search":    `search(text: "ośrodek", first: $first, after: $after)`,
		"hosts":     `hosts(first: $first, after: $after)`,
		"practices": `practices(first: $first, after: $after)`,
		"sources":   `sources(first: $first, after: $after)`,
		"path":      `path(from: "mops-gdynia", to: "rops-olsztyn", maxHops: 5, first: $first, after: $after)`,
	}
	ids := map[string]string{"partners": "partner { id }", "search": "node { id }", "hosts": "organisation { id }",
		"practices": "id", "sources": "id", "path": "hops { relation { id } }"}
	type page = listPage
	get := func(name string, first int, after *string) page {
		t.Helper()
		q := fmt.Sprintf(`query($first: Int, $after: String) { l: %s { totalCount pageInfo { hasNextPage endCursor } nodes { %s } } }`, lists[name], ids[name])
		_, resp, raw := post(t, srv, q, map[string]any{"first": first, "after": after})
		var data struct{ L page }
		if err := json.Unmarshal(resp.Data, &data); err != nil || len(resp.Errors) > 0 {
			t.Fatalf("%s: %s", name, raw)
		}
		return data.L
	}
	for name := range lists {
		t.Run(name, func(t *testing.T) {
			whole := get(name, 20, nil)
			if whole.TotalCount < 3 || len(whole.Nodes) != min(whole.TotalCount, 20) {
				t.Fatalf("the whole list: %d of %d", len(whole.Nodes), whole.TotalCount)
			}
			joined := joinPages(t, whole.TotalCount, 20, func(after *string) listPage { return get(name, 2, after) })
			want := whole.texts()
			if len(joined) > len(want) {
				joined = joined[:len(want)] // the whole list was cut at 20
			}
			if fmt.Sprint(joined) != fmt.Sprint(want) {
				t.Errorf("pages of 2 joined:\n%v\nthe list:\n%v", joined, want)
			}
		})
	}
	// A cursor of partners given to search.
	p := get("partners", 1, nil)
	_, resp, raw := post(t, srv, `query($a: String) { search(text: "ośrodek", after: $a) { nodes { score } } }`, map[string]any{"a": *p.PageInfo.EndCursor})
	if code(resp) != "BAD_USER_INPUT" || strings.Contains(string(raw), "partners") {
		t.Errorf("a cursor of another list: %s", raw)
	}
}

// TestNestedListsPage: the lists inside entities page as connections do: pages of 2 joined
// are the whole list, totalCount is the same on every page, and a cursor of one field is
// refused by another.
func TestNestedListsPage(t *testing.T) {
	srv := testServer(t, seededStore(t))
	lists := map[string]struct{ root, field, ids string }{
		"Organisation.relations": {`organisation(id: "mops-gdynia")`, `relations`, `relation { id } direction`},
		"Organisation.events":    {`organisation(id: "snrss")`, `events`, `role event { id }`},
		"Organisation.people":    {`organisation(id: "pfron-oddzial-pomorski")`, `people`, `title person { id }`},
		"Organisation.projects":  {`organisation(id: "rops-poznan")`, `projects`, `role project { id }`},
		"Organisation.partners":  {`organisation(id: "snrss")`, `partners`, `partner { id }`},
		"Event.participants":     {`event(id: "liderzy-kooperacji-psw-tomaszow")`, `participants`, `role participant { id }`},
		"Place.organisations":    {`place(id: "sztokholm")`, `organisations`, `id`},
		"Place.relations":        {`place(id: "pomorskie")`, `relations(types: [WITHIN])`, `node { id }`},
	}
	type page = listPage
	get := func(name string, first int, after *string) page {
		t.Helper()
		l := lists[name]
		args := "(first: $first, after: $after)"
		field := l.field
		if strings.HasSuffix(field, ")") {
			field, args = strings.TrimSuffix(field, ")")+", first: $first, after: $after)", ""
		}
		q := fmt.Sprintf(`query($first: Int, $after: String) { x: %s { l: %s%s { totalCount pageInfo { hasNextPage endCursor } edges { node { %s } } } } }`, l.root, field, args, l.ids)
		if strings.HasPrefix(name, "Organisation.relations") || strings.HasPrefix(name, "Place.relations") {
			q = fmt.Sprintf(`query($first: Int, $after: String) { x: %s { l: %s%s { totalCount pageInfo { hasNextPage endCursor } edges { %s } } } }`, l.root, field, args, l.ids)
		}
		_, resp, raw := post(t, srv, q, map[string]any{"first": first, "after": after})
		var data struct{ X struct{ L page } }
		if err := json.Unmarshal(resp.Data, &data); err != nil || len(resp.Errors) > 0 {
			t.Fatalf("%s: %s", name, raw)
		}
		return data.X.L
	}
	for name := range lists {
		t.Run(name, func(t *testing.T) {
			whole := get(name, 100, nil)
			least := 2 // the seeded graph names one person, and one project, per organisation
			if name == "Organisation.people" || name == "Organisation.projects" {
				least = 1
			}
			if whole.TotalCount < least || len(whole.Edges) != whole.TotalCount {
				t.Fatalf("the whole list: %d of %d", len(whole.Edges), whole.TotalCount)
			}
			joined := joinPages(t, whole.TotalCount, 300, func(after *string) listPage { return get(name, 2, after) })
			want := whole.texts()
			if fmt.Sprint(joined) != fmt.Sprint(want) {
				t.Errorf("pages of 2 joined:\n%v\nthe list:\n%v", joined, want)
			}
			if name == "Organisation.partners" {
				return // first is 1 to 100: a partner list is ranked
			}
			if p := get(name, 0, nil); len(p.Edges) != 0 || p.TotalCount != whole.TotalCount || !p.PageInfo.HasNextPage {
				t.Errorf("first: 0 gives %d edges, totalCount %d, hasNextPage %v", len(p.Edges), p.TotalCount, p.PageInfo.HasNextPage)
			}
		})
	}
	// A cursor of an organisation's relations given to its people.
	p := get("Organisation.relations", 1, nil)
	_, resp, raw := post(t, srv, `query($a: String) { organisation(id: "mops-gdynia") { people(after: $a) { totalCount } } }`, map[string]any{"a": *p.PageInfo.EndCursor})
	if code(resp) != "BAD_USER_INPUT" || strings.Contains(string(raw), "relations") {
		t.Errorf("a cursor of another field: %s", raw)
	}
}

// listPage is a page of a connection as the paging tests read it: its items as raw JSON,
// from nodes or from edges, whichever the query asked for.
type listPage struct {
	TotalCount int
	PageInfo   struct {
		HasNextPage bool
		EndCursor   *string
	}
	Nodes, Edges []json.RawMessage
}

// texts are the page's items as text.
func (p listPage) texts() []string {
	var out []string
	for _, n := range append(p.Nodes, p.Edges...) {
		out = append(out, string(n))
	}
	return out
}

// joinPages follows a connection page by page (at most limit pages) from the start, checks
// that every page gives the whole list's totalCount, and joins the pages' items.
func joinPages(t *testing.T, total, limit int, next func(after *string) listPage) []string {
	t.Helper()
	var joined []string
	var after *string
	for range limit {
		p := next(after)
		if p.TotalCount != total {
			t.Errorf("totalCount %d on a page, %d on the whole", p.TotalCount, total)
		}
		joined = append(joined, p.texts()...)
		if !p.PageInfo.HasNextPage {
			break
		}
		after = p.PageInfo.EndCursor
	}
	return joined
}
