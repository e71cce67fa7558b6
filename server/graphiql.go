package main

import (
	"encoding/json"
	"html/template"

	"github.com/wtz-graph/kg/examples"
)

// graphiQLPage renders GraphiQL, served at /, from the UI build embedded in the binary (see
// ui.go), with the README's example queries preloaded as tabs. Without a build it renders a
// page that says how to build the UI and lists the examples.
func graphiQLPage() ([]byte, error) {
	b, built, err := loadUIBuild()
	if err != nil {
		return nil, err
	}
	if !built {
		b = nil
	}
	return renderGraphiQL(b)
}

// renderGraphiQL renders the GraphiQL page from build b (nil when not built).
func renderGraphiQL(b *uiBuild) ([]byte, error) {
	all, err := examples.All()
	if err != nil {
		return nil, err
	}
	tabs := make([]exampleTab, len(all))
	for i, e := range all {
		tabs[i] = exampleTab{Name: e.Name, Title: e.Title, Query: e.Query}
	}
	// json.Marshal escapes <, > and &, so no query can close the script element early.
	data, err := json.Marshal(tabs)
	if err != nil {
		return nil, err
	}
	return renderPage(b, pageData{Name: "graphiql", Title: "GraphiQL", DataID: "examples", Data: template.JS(data), Examples: tabs})
}
