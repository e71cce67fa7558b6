package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/examples"
	"github.com/wtz-graph/kg/seed"
	"github.com/wtz-graph/kg/store"
	"github.com/wtz-graph/kg/store/memory"
)

var update = flag.Bool("update", false, "rewrite golden files")

// seededStore returns a memory store with the curated seed.
func seededStore(t *testing.T) store.Store {
	t.Helper()
	ds, err := seed.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	s := memory.New()
	if _, err := s.Apply(t.Context(), ds.ChangeSet()); err != nil {
		t.Fatal(err)
	}
	return s
}

// testServer serves the real handler over the given store.
func testServer(t *testing.T, s store.Store) *httptest.Server {
	t.Helper()
	return testServerWith(t, s, nil)
}

// testServerWith serves the real handler configured by the given environment.
func testServerWith(t *testing.T, s store.Store, env map[string]string) *httptest.Server {
	t.Helper()
	cfg, err := parseConfig(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	h, err := newHandler(cfg, s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// gqlResponse is a GraphQL response with the parts tests look at.
type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// post sends a query with variables and returns the status and decoded body.
func post(t *testing.T, srv *httptest.Server, query string, vars map[string]any) (int, gqlResponse, []byte) {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	resp, err := http.Post(srv.URL+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	var out gqlResponse
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("response is not JSON: %v\n%s", err, raw)
	}
	return resp.StatusCode, out, raw
}

// TestExamplesGolden runs every README example through the real handler and compares the
// response with its golden file (go test ./server -run Golden -update rewrites them).
func TestExamplesGolden(t *testing.T) {
	all, err := examples.All()
	if err != nil {
		t.Fatal(err)
	}
	if len(all) < 8 {
		t.Fatalf("only %d examples", len(all))
	}
	for _, b := range backends(t) {
		srv := testServer(t, b.store)
		for _, ex := range all {
			t.Run(b.name+"/"+ex.Name, func(t *testing.T) {
				status, resp, raw := post(t, srv, ex.Query, nil)
				if status != http.StatusOK || len(resp.Errors) > 0 {
					t.Fatalf("status %d, errors %v", status, resp.Errors)
				}
				var pretty bytes.Buffer
				if err := json.Indent(&pretty, raw, "", "  "); err != nil {
					t.Fatal(err)
				}
				pretty.WriteByte('\n')
				// Both backends must give the answer of the one golden file; only the embedded
				// store rewrites it.
				if *update && b.name != "memory" {
					return
				}
				golden(t, filepath.Join("testdata", "examples", ex.Name+".json"), pretty.Bytes())
			})
		}
	}
}

// golden compares got with the file at path, or rewrites the file with -update.
func golden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("missing golden file (run with -update): %v", err)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("response differs from %s (run with -update after checking the change):\n%s", path, firstDiff(string(want), string(got)))
	}
}

func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return ""
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

// TestExamplesAnswerTheSources checks facts of the source documents in the examples' answers,
// independently of the golden files.
func TestExamplesAnswerTheSources(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) { testAnswersTheSources(t, testServer(t, b.store)) })
	}
}

func testAnswersTheSources(t *testing.T, srv *httptest.Server) {
	cases := []struct {
		name  string
		query string
		want  []string
	}{
		{"partners of SNRSS include its project partners with their source", `{ partners(of: "snrss") { nodes { partner { slug } kinds evidence { via { slug } sources { source { file } } } } } }`,
			[]string{`"slug":"rops-poznan"`, `"slug":"konimpex"`, `"SHARED_PROJECT"`, `"slug":"innowacyjny-model-wtz"`, `"file":"002_33d3c16699e41afb.txt"`}},
		{"MOPS Gdynia hosted a 2021 study-visit stop and attended the 000 meeting", `{ organisation(id: "mops-gdynia") { timeline { role start event { slug } } } }`,
			[]string{`"role":"HOSTED","start":"2021-09-06","event":{"slug":"wizyta-2021-mops-gdynia"}`, `"event":{"slug":"upleciemy-siec-spotkanie-1"}`}},
		{"the PCPR in Olsztyn sits in the city but serves the land powiat", `{ organisation(id: "pcpr-olsztyn") { seat { terc } serviceAreas { terc } } }`,
			[]string{`"seat":{"terc":"2862011"}`, `"serviceAreas":[{"terc":"2814"}]`}},
		{"the Sejmik is an NGO umbrella body, not an assembly", `{ organisation(id: "sejmik-osob-niepelnosprawnych-wm") { kind } }`,
			[]string{`"kind":"FEDERATION"`}},
		{"Swedish names carry their real diacritics and the seed's spellings as aliases", `{ organisation(id: "kooperativet-gloden") { name aliases country } }`,
			[]string{`"name":"Kooperativet Glöden"`, `"Kooperativet Gloden"`, `"country":"SE"`}},
		{"the ministry and the national programme recognised the cooperative model", `{ practice(id: "spoldzielnie-socjalne-przy-wtz") { actors { role actor { slug } sources { locator } } } }`,
			[]string{`"role":"RECOGNISED","actor":{"slug":"mpips"}`, `"role":"RECOGNISED","actor":{"slug":"kppuiws-2020"}`, `p. 67`}},
		{"the 2018 exchange meeting in Tomaszów Lubelski had 38 participants", `{ event(id: "liderzy-kooperacji-psw-tomaszow") { start end attendance places { name } } }`,
			[]string{`"start":"2018-10-15","end":"2018-10-17","attendance":38`, `"name":"Tomaszów Lubelski"`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, resp, _ := post(t, srv, tc.query, nil)
			if len(resp.Errors) > 0 {
				t.Fatalf("errors: %v", resp.Errors)
			}
			compact := string(resp.Data)
			for _, w := range tc.want {
				if !strings.Contains(compact, w) {
					t.Errorf("answer lacks %s:\n%s", w, compact)
				}
			}
		})
	}
}

// TestREADMEShowsEveryExample keeps the README and the examples in step.
func TestREADMEShowsEveryExample(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	all, err := examples.All()
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range all {
		if !strings.Contains(string(readme), strings.TrimSpace(ex.Query)) {
			t.Errorf("README does not show example %s verbatim", ex.Name)
		}
	}
}

func TestGraphiQLPreloadsExamples(t *testing.T) {
	srv := testServer(t, seededStore(t))
	resp, err := http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET / = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	for _, want := range []string{"GraphiQL", `<script id="examples" type="application/json">`, "PartnersOfSNRSS", "HostsForAVisitFromSzczecin"} {
		if !bytes.Contains(body, []byte(want)) {
			t.Errorf("GraphiQL page lacks %q", want)
		}
	}
}

func TestGETQuery(t *testing.T) {
	srv := testServer(t, seededStore(t))
	resp, err := http.Get(srv.URL + "/graphql?query=" + url.QueryEscape(`{ organisation(id: "rops-rzeszow") { name } }`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), "Regionalny Ośrodek Polityki Społecznej w Rzeszowie") {
		t.Fatalf("GET query = %d %s", resp.StatusCode, body)
	}
}
