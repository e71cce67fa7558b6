package main

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"path"
	"slices"
	"strings"
)

// The browser UI (GraphiQL and the network explorer) is built from web/ by `make ui` into
// server/webui/dist and embedded here, so that the binary serves it with no network. A binary
// built before the UI was (plain `go build` on a machine without Node.js) embeds only
// webui/README.md and serves a page that says how to build the UI; the API works either way.
//
//go:embed all:webui
var webui embed.FS

// uiBuildDir is where the build writes, inside the embedded folder.
const uiBuildDir = "webui/dist"

// uiPrefix is the URL path the built assets are served under (vite's `base`).
const uiPrefix = "/ui/"

// uiContentSecurityPolicy keeps the UI pages to this server: scripts, styles, fonts and API
// calls come from the same origin only. GraphiQL's editor sets inline styles, hence
// 'unsafe-inline' for styles (never for scripts).
const uiContentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'"

// uiEntry is what a page needs from the build: its script, the chunks it imports and the
// stylesheets of both.
type uiEntry struct {
	Script   string
	Preloads []string
	Styles   []string
}

// uiBuild is the embedded build: its files and the entries of its manifest by name.
type uiBuild struct {
	files   fs.FS
	entries map[string]uiEntry
}

// manifestChunk is one record of vite's build manifest (.vite/manifest.json).
type manifestChunk struct {
	File    string   `json:"file"`
	Name    string   `json:"name"`
	IsEntry bool     `json:"isEntry"`
	Imports []string `json:"imports"`
	CSS     []string `json:"css"`
}

// loadUIBuild reads the build embedded in the binary; ok is false when the UI was not built.
func loadUIBuild() (b *uiBuild, ok bool, err error) {
	files, err := fs.Sub(webui, uiBuildDir)
	if err != nil {
		return nil, false, err
	}
	return readUIBuild(files)
}

// readUIBuild reads a build from files, the contents of vite's output folder.
func readUIBuild(files fs.FS) (*uiBuild, bool, error) {
	data, err := fs.ReadFile(files, ".vite/manifest.json")
	if err != nil {
		return nil, false, nil
	}
	var manifest map[string]manifestChunk
	if err := json.Unmarshal(data, &manifest); err != nil {
		return nil, false, fmt.Errorf("read the UI build manifest: %w", err)
	}
	b := &uiBuild{files: files, entries: map[string]uiEntry{}}
	for _, chunk := range manifest {
		if !chunk.IsEntry {
			continue
		}
		e := uiEntry{Script: uiPrefix + chunk.File}
		seen := map[string]bool{}
		var walk func(c manifestChunk)
		walk = func(c manifestChunk) {
			for _, css := range c.CSS {
				if !slices.Contains(e.Styles, uiPrefix+css) {
					e.Styles = append(e.Styles, uiPrefix+css)
				}
			}
			for _, imp := range c.Imports {
				if seen[imp] {
					continue
				}
				seen[imp] = true
				if dep, ok := manifest[imp]; ok {
					e.Preloads = append(e.Preloads, uiPrefix+dep.File)
					walk(dep)
				}
			}
		}
		walk(chunk)
		b.entries[chunk.Name] = e
	}
	for _, name := range []string{"graphiql", "explore"} {
		if _, ok := b.entries[name]; !ok {
			return nil, false, fmt.Errorf("the UI build has no %s entry", name)
		}
	}
	return b, true, nil
}

// favicon is the site's icon (SVG).
const favicon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">` +
	`<path d="M8 23 16 8l8 15z" fill="none" stroke="#1d4e89" stroke-width="2.5"/>` +
	`<circle cx="16" cy="8" r="5" fill="#d1495b"/><circle cx="8" cy="23" r="5" fill="#1d4e89"/>` +
	`<circle cx="24" cy="23" r="5" fill="#00798c"/></svg>`

// registerUI serves the built assets under /ui/ and the network explorer at /explore. GraphiQL
// itself is served at / by newHandler (graphiQLPage).
func registerUI(mux *http.ServeMux, logger *slog.Logger) {
	b, built, err := loadUIBuild()
	if err != nil {
		// The manifest is part of the binary, so this is a broken build, not a runtime state:
		// say so once and serve the page that explains how to rebuild.
		logger.Error("the embedded UI build is unusable", "error", err)
	}
	if !built {
		b = nil
	}
	explore, err := uiPage(b, "explore", "Network explorer")
	if err != nil {
		logger.Error("render the explorer page", "error", err)
		explore = []byte("the explorer page could not be rendered")
	}
	mux.HandleFunc("GET /explore", func(w http.ResponseWriter, _ *http.Request) {
		writeUIPage(w, explore)
	})
	// The icon: three linked nodes. Browsers ask for /favicon.ico whatever the page links.
	for _, p := range []string{"GET /favicon.svg", "GET /favicon.ico"} {
		mux.HandleFunc(p, func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "image/svg+xml")
			w.Header().Set("Cache-Control", "public, max-age=86400")
			_, _ = w.Write([]byte(favicon))
		})
	}
	if b != nil {
		mux.Handle("GET "+uiPrefix, http.StripPrefix(uiPrefix, assetHandler(b.files)))
	}
}

// assetHandler serves the build's files. File names under assets/ carry a content hash, so
// they may be cached for good; the manifest is not served.
func assetHandler(files fs.FS) http.Handler {
	fileServer := http.FileServerFS(files)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := path.Clean(r.URL.Path)
		if strings.HasPrefix(name, ".") || strings.HasSuffix(r.URL.Path, "/") {
			writeJSON(w, http.StatusNotFound, gqlErrorBody("no such asset", "NOT_FOUND"))
			return
		}
		if _, err := fs.Stat(files, name); err != nil {
			writeJSON(w, http.StatusNotFound, gqlErrorBody("no such asset", "NOT_FOUND"))
			return
		}
		if strings.HasPrefix(name, "assets/") {
			w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		}
		fileServer.ServeHTTP(w, r)
	})
}

func writeUIPage(w http.ResponseWriter, page []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	w.Header().Set("Content-Security-Policy", uiContentSecurityPolicy)
	_, _ = w.Write(page)
}

// pageTemplate is the HTML shell of a UI page. Without a build it explains how to make one.
var pageTemplate = template.Must(template.New("page").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}} · Disability-support ecosystem graph</title>
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
{{- range .Entry.Styles}}
<link rel="stylesheet" href="{{.}}">
{{- end}}
{{- range .Entry.Preloads}}
<link rel="modulepreload" href="{{.}}">
{{- end}}
<style>
  body.ui-shell { margin: 0; font: 16px/1.5 system-ui, sans-serif; }
  .ui-missing { max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
  .ui-missing code, .ui-missing pre { background: #f2f2f2; padding: 0 .25em; }
  .ui-missing pre { padding: .5rem; overflow-x: auto; }
</style>
</head>
<body class="ui-shell">
{{- if .Data}}
<script id="{{.DataID}}" type="application/json">{{.Data}}</script>
{{- end}}
{{- if .Entry.Script}}
<div id="app" data-page="{{.Name}}"><p>Loading {{.Title}}…</p></div>
<noscript><p>{{.Title}} needs JavaScript. The GraphQL API at <code>/graphql</code> works without it.</p></noscript>
<script type="module" src="{{.Entry.Script}}"></script>
{{- else}}
<main class="ui-missing">
<h1>{{.Title}}: the UI is not built into this server</h1>
<p>This binary was built without the browser UI, which is made from <code>web/</code> with Node.js and npm.
Build it and restart the server:</p>
<pre>make ui &amp;&amp; make run</pre>
<p>(<code>make run</code> builds the UI by itself when it is missing.) The GraphQL API at
<a href="/graphql"><code>/graphql</code></a> and the exports under <code>/export/</code> work without it.</p>
{{- with .Examples}}
<h2>Example queries</h2>
{{- range .}}
<details><summary>{{.Title}}</summary><pre>{{.Query}}</pre></details>
{{- end}}
{{- end}}
</main>
{{- end}}
</body>
</html>
`))

// pageData fills pageTemplate.
type pageData struct {
	Name, Title string
	Entry       uiEntry
	// DataID and Data carry JSON for the page's script, in a script element of type
	// application/json that browsers never run.
	DataID   string
	Data     template.JS
	Examples []exampleTab
}

// exampleTab is a README example as GraphiQL opens it.
type exampleTab struct {
	Name  string `json:"name"`
	Title string `json:"title"`
	Query string `json:"query"`
}

// uiPage renders the shell of the page named name from build b (nil when not built).
func uiPage(b *uiBuild, name, title string) ([]byte, error) {
	return renderPage(b, pageData{Name: name, Title: title})
}

func renderPage(b *uiBuild, d pageData) ([]byte, error) {
	if b != nil {
		d.Entry = b.entries[d.Name]
	}
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, d); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
