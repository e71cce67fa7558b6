package main

import (
	"bytes"
	"encoding/json"
	"html/template"

	"github.com/wtz-graph/kg/examples"
)

// graphiQLTemplate is the GraphiQL page. The README's example queries open as tabs.
var graphiQLTemplate = template.Must(template.New("graphiql").Parse(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Disability-support ecosystem graph · GraphiQL</title>
<link rel="stylesheet" href="https://unpkg.com/graphiql@3.8.3/graphiql.min.css">
<style>body { margin: 0; height: 100vh; } #graphiql { height: 100vh; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="https://unpkg.com/react@18.3.1/umd/react.production.min.js" crossorigin></script>
<script src="https://unpkg.com/react-dom@18.3.1/umd/react-dom.production.min.js" crossorigin></script>
<script src="https://unpkg.com/graphiql@3.8.3/graphiql.min.js" crossorigin></script>
<script id="examples" type="application/json">{{.Examples}}</script>
<script>
  const examples = JSON.parse(document.getElementById('examples').textContent);
  const fetcher = GraphiQL.createFetcher({ url: '/graphql' });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, {
      fetcher,
      defaultEditorToolsVisibility: true,
      defaultTabs: examples.map(e => ({ query: e.query })),
      storage: { getItem: () => null, setItem: () => {}, removeItem: () => {}, clear: () => {}, length: 0 },
    }),
  );
</script>
</body>
</html>
`))

// graphiQLPage renders the GraphiQL page with the examples preloaded.
func graphiQLPage() ([]byte, error) {
	all, err := examples.All()
	if err != nil {
		return nil, err
	}
	type tab struct {
		Title string `json:"title"`
		Query string `json:"query"`
	}
	tabs := make([]tab, len(all))
	for i, e := range all {
		tabs[i] = tab{Title: e.Title, Query: e.Query}
	}
	data, err := json.Marshal(tabs)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := graphiQLTemplate.Execute(&buf, map[string]any{"Examples": template.JS(data)}); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
