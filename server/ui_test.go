package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/wtz-graph/kg/examples"
)

// fakeBuild is a vite output folder as the UI build makes it: two entries sharing a chunk that
// carries a stylesheet, and a dynamic import that pages must not preload.
func fakeBuild() fstest.MapFS {
	manifest := `{
  "src/graphiql/main.jsx": {"file": "assets/graphiql-1a.js", "name": "graphiql", "isEntry": true,
    "imports": ["_shared-2b.js"], "css": ["assets/graphiql-3c.css"]},
  "src/explore/main.jsx": {"file": "assets/explore-4d.js", "name": "explore", "isEntry": true,
    "imports": ["_shared-2b.js"], "css": ["assets/explore-5e.css"]},
  "_shared-2b.js": {"file": "assets/shared-2b.js", "name": "shared", "css": ["assets/shared-6f.css"]},
  "node_modules/x/lazy.js": {"file": "assets/lazy-7a.js", "name": "lazy", "isDynamicEntry": true}
}`
	return fstest.MapFS{
		".vite/manifest.json":   {Data: []byte(manifest)},
		"assets/graphiql-1a.js": {Data: []byte("console.log('graphiql')")},
		"assets/explore-4d.js":  {Data: []byte("console.log('explore')")},
		"assets/shared-2b.js":   {Data: []byte("export {}")},
		"assets/explore-5e.css": {Data: []byte("body{}")},
	}
}

func TestReadUIBuild(t *testing.T) {
	b, ok, err := readUIBuild(fakeBuild())
	if err != nil || !ok {
		t.Fatalf("readUIBuild = %v, %v", ok, err)
	}
	e := b.entries["explore"]
	if e.Script != "/ui/assets/explore-4d.js" {
		t.Errorf("script = %q", e.Script)
	}
	if strings.Join(e.Preloads, ",") != "/ui/assets/shared-2b.js" {
		t.Errorf("preloads = %v; want the shared chunk only, not the dynamic import", e.Preloads)
	}
	if strings.Join(e.Styles, ",") != "/ui/assets/explore-5e.css,/ui/assets/shared-6f.css" {
		t.Errorf("styles = %v; want the entry's and its imported chunk's", e.Styles)
	}

	for name, fsys := range map[string]fstest.MapFS{
		"malformed manifest": {".vite/manifest.json": {Data: []byte("{")}},
		"no explorer entry":  {".vite/manifest.json": {Data: []byte(`{"a.jsx": {"file": "assets/a.js", "name": "graphiql", "isEntry": true}}`)}},
	} {
		if _, _, err := readUIBuild(fsys); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
	if _, ok, err := readUIBuild(fstest.MapFS{"README.md": {Data: []byte("x")}}); ok || err != nil {
		t.Errorf("a folder without a build = %v, %v; want not built, no error", ok, err)
	}
}

// examplesInPage returns the examples a page carries in its JSON script element.
func examplesInPage(t *testing.T, page string) []exampleTab {
	t.Helper()
	m := regexp.MustCompile(`(?s)<script id="examples" type="application/json">(.*?)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatalf("the page has no examples element:\n%s", page)
	}
	var tabs []exampleTab
	if err := json.Unmarshal([]byte(m[1]), &tabs); err != nil {
		t.Fatalf("the examples are not JSON: %v", err)
	}
	return tabs
}

func TestGraphiQLPageFromABuild(t *testing.T) {
	b, _, err := readUIBuild(fakeBuild())
	if err != nil {
		t.Fatal(err)
	}
	page, err := renderGraphiQL(b)
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	for _, want := range []string{
		`<script type="module" src="/ui/assets/graphiql-1a.js"></script>`,
		`<link rel="stylesheet" href="/ui/assets/graphiql-3c.css">`,
		`<link rel="modulepreload" href="/ui/assets/shared-2b.js">`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("page lacks %s", want)
		}
	}
	if strings.Contains(s, "not built") || strings.Contains(s, "unpkg") || strings.Contains(s, "https://") {
		t.Errorf("a built page must load nothing from elsewhere and not claim the UI is missing:\n%s", s)
	}
	all, err := examples.All()
	if err != nil {
		t.Fatal(err)
	}
	tabs := examplesInPage(t, s)
	if len(tabs) != len(all) {
		t.Fatalf("%d examples in the page, %d in examples/", len(tabs), len(all))
	}
	for i, e := range all {
		if tabs[i].Query != e.Query || tabs[i].Name != e.Name {
			t.Errorf("example %d differs from %s", i, e.Name)
		}
	}
}

func TestPagesWithoutABuildSayHowToBuild(t *testing.T) {
	graphiql, err := renderGraphiQL(nil)
	if err != nil {
		t.Fatal(err)
	}
	explore, err := uiPage(nil, "explore", "Network explorer")
	if err != nil {
		t.Fatal(err)
	}
	for name, page := range map[string]string{"graphiql": string(graphiql), "explore": string(explore)} {
		if !strings.Contains(page, "the UI is not built into this server") || !strings.Contains(page, "make ui") {
			t.Errorf("%s page does not say how to build the UI:\n%s", name, page)
		}
		if strings.Contains(page, `<script type="module"`) {
			t.Errorf("%s page loads a script that does not exist", name)
		}
	}
	// Without a build GraphiQL's page still lists the examples, escaped as text.
	if !strings.Contains(string(graphiql), "query PartnersOfSNRSS") || len(examplesInPage(t, string(graphiql))) == 0 {
		t.Error("the placeholder GraphiQL page lacks the examples")
	}
}

func TestAssetHandler(t *testing.T) {
	h := http.StripPrefix(uiPrefix, assetHandler(fakeBuild()))
	cases := []struct {
		path, status, cache, contentType string
	}{
		{"/ui/assets/explore-4d.js", "200", "immutable", "javascript"},
		{"/ui/assets/explore-5e.css", "200", "immutable", "text/css"},
		{"/ui/.vite/manifest.json", "404", "", "application/json"},
		{"/ui/assets/missing.js", "404", "", "application/json"},
		{"/ui/assets/", "404", "", "application/json"},
		{"/ui/../webui/README.md", "404", "", "application/json"},
	}
	for _, tc := range cases {
		t.Run(tc.path, func(t *testing.T) {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.path, nil))
			if got := itoa(rec.Code); got != tc.status {
				t.Fatalf("status %s, want %s: %s", got, tc.status, rec.Body)
			}
			if !strings.Contains(rec.Header().Get("Cache-Control"), tc.cache) {
				t.Errorf("Cache-Control %q", rec.Header().Get("Cache-Control"))
			}
			if !strings.Contains(rec.Header().Get("Content-Type"), tc.contentType) {
				t.Errorf("Content-Type %q", rec.Header().Get("Content-Type"))
			}
		})
	}
}

// TestUIRoutes checks the pages this binary serves, with or without the UI built into it.
func TestUIRoutes(t *testing.T) {
	srv := testServer(t, seededStore(t))
	b, built, err := loadUIBuild()
	if err != nil {
		t.Fatalf("the embedded build is unusable: %v", err)
	}
	resp, err := http.Get(srv.URL + "/explore")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /explore = %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") || !strings.Contains(csp, "connect-src 'self'") {
		t.Errorf("Content-Security-Policy = %q", csp)
	}
	if !built {
		t.Log("this binary has no UI build (run make ui): checking the placeholder")
		if !strings.Contains(string(body), "make ui") {
			t.Errorf("the placeholder does not say how to build:\n%s", body)
		}
		return
	}
	script := b.entries["explore"].Script
	if !strings.Contains(string(body), script) {
		t.Fatalf("/explore does not load %s", script)
	}
	asset, err := http.Get(srv.URL + script)
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(asset.Body)
	asset.Body.Close()
	if asset.StatusCode != http.StatusOK || len(data) == 0 || !strings.Contains(asset.Header.Get("Content-Type"), "javascript") {
		t.Errorf("GET %s = %d %s, %d bytes", script, asset.StatusCode, asset.Header.Get("Content-Type"), len(data))
	}
}
