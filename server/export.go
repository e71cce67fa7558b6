package main

import (
	"archive/zip"
	"context"
	"encoding/csv"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/graph"
	"github.com/wtz-graph/kg/store"
)

// The exports turn a neighbourhood, a path result or the whole graph into files that network
// tools read: GraphML (Gephi, networkx, yEd) and CSV (a nodes file and an edges file, alone or
// zipped together). They are served at /export/{subject}.{format}:
//
//	subject: neighbourhood (id, depth, limit, expand, types), path (from, to, maxHops, first,
//	         types) or graph (no parameters)
//	format:  graphml, nodes.csv, edges.csv or zip (nodes.csv and edges.csv)
//
// Unlike the UI, which uses only the GraphQL API, the exports read the store directly: they
// need whole relations with every citation, which would cost many GraphQL round trips.

// Bounds on export parameters, the same as the GraphQL arguments' where there is one.
const (
	maxExpand       = 50
	defaultPathHops = 4
	defaultPaths    = 5
	defaultNeighbrs = 100
	exportBatch     = 500
)

// Export formats.
const (
	formatGraphML  = "graphml"
	formatNodesCSV = "nodes.csv"
	formatEdgesCSV = "edges.csv"
	formatZip      = "zip"
)

var (
	exportSubjects = []string{"neighbourhood", "path", "graph"}
	exportFormats  = []string{formatGraphML, formatNodesCSV, formatEdgesCSV, formatZip}
)

// registerExports serves the exports, each bounded by the request timeout.
func registerExports(mux *http.ServeMux, s store.Store, logger *slog.Logger, timeout time.Duration) {
	mux.Handle("GET /export/{file}", withTimeout(timeout, &exporter{store: s, logger: logger, whole: make(chan struct{}, 1)}))
}

// exporter answers export requests.
type exporter struct {
	store  store.Store
	logger *slog.Logger
	// whole admits one whole-graph export at a time: it reads every node.
	whole chan struct{}
}

// exportError is a refusal with its HTTP status, a stable code and a message fit for clients.
type exportError struct {
	status    int
	code      string
	parameter string
	message   string
}

func (e *exportError) Error() string { return e.message }

func badParam(name, format string, args ...any) error {
	return &exportError{status: http.StatusBadRequest, code: graph.CodeBadUserInput, parameter: name, message: fmt.Sprintf(format, args...)}
}

// exportNode is a node of an export, with its distance from the centre for neighbourhoods.
type exportNode struct {
	node     ecosystem.Node
	distance *int
}

// exportRelation is a relation of an export, with the paths (numbered from 1) it lies on for
// path results.
type exportRelation struct {
	rel   *ecosystem.Relation
	paths []int
}

// exportGraph is what an export writes.
type exportGraph struct {
	// name is the file name without extension, e.g. "neighbourhood-wtz-gebice".
	name        string
	description string
	nodes       []exportNode
	relations   []exportRelation
	// sourceNames maps the slugs of cited sources to their titles.
	sourceNames map[string]string
	// hasDistance and hasPaths say which optional columns apply.
	hasDistance bool
	hasPaths    bool
}

func (x *exporter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	subject, format, ok := parseExportFile(r.PathValue("file"))
	if !ok {
		x.fail(w, r, &exportError{status: http.StatusNotFound, code: graph.CodeNotFound, parameter: "file",
			message: fmt.Sprintf("no such export; the exports are /export/{%s}.{%s}", strings.Join(exportSubjects, ","), strings.Join(exportFormats, ","))})
		return
	}
	ctx := r.Context()
	var g *exportGraph
	var err error
	switch subject {
	case "neighbourhood":
		g, err = x.neighbourhood(ctx, r)
	case "path":
		g, err = x.path(ctx, r)
	default:
		select {
		case x.whole <- struct{}{}:
			g, err = x.wholeGraph(ctx, r)
			<-x.whole
		default:
			err = &exportError{status: http.StatusTooManyRequests, code: "TOO_MANY_REQUESTS", parameter: "file",
				message: "another whole-graph export is running; try again when it has finished"}
		}
	}
	if err == nil {
		err = x.loadSourceNames(ctx, g)
	}
	if err != nil {
		x.fail(w, r, err)
		return
	}
	x.write(w, r, g, format)
}

// parseExportFile splits "neighbourhood.graphml" into its subject and format.
func parseExportFile(file string) (subject, format string, ok bool) {
	subject, format, ok = strings.Cut(file, ".")
	return subject, format, ok && slices.Contains(exportSubjects, subject) && slices.Contains(exportFormats, format)
}

// neighbourhood exports the ego network of id, plus the direct neighbours of every expand id:
// what the explorer draws after its nodes were expanded.
func (x *exporter) neighbourhood(ctx context.Context, r *http.Request) (*exportGraph, error) {
	q := r.URL.Query()
	if err := onlyParams(q, "id", "depth", "limit", "expand", "types"); err != nil {
		return nil, err
	}
	id, err := requiredParam(q, "id")
	if err != nil {
		return nil, err
	}
	depth, err := intParam(q, "depth", 1, 0, graph.MaxDepth)
	if err != nil {
		return nil, err
	}
	limit, err := intParam(q, "limit", defaultNeighbrs, 1, graph.MaxNeighbourhood)
	if err != nil {
		return nil, err
	}
	types, err := typesParam(q)
	if err != nil {
		return nil, err
	}
	var expand []string
	for _, v := range q["expand"] {
		for e := range strings.SplitSeq(v, ",") {
			if e = strings.TrimSpace(e); e != "" {
				expand = append(expand, e)
			}
		}
	}
	if len(expand) > maxExpand {
		return nil, badParam("expand", "expand takes at most %d ids", maxExpand)
	}
	center, err := x.resolveID(ctx, "id", id)
	if err != nil {
		return nil, err
	}
	nb, err := x.store.Neighbourhood(ctx, store.NeighbourhoodQuery{Center: center, Depth: depth, Types: types, Limit: limit})
	if err != nil {
		return nil, err
	}
	distance := map[ecosystem.NodeKey]int{}
	order := []ecosystem.NodeKey{}
	listed := map[ecosystem.NodeKey]bool{}
	for _, n := range nb.Nodes {
		distance[n.Node] = n.Distance
		order = append(order, n.Node)
		listed[n.Node] = true
	}
	rels := newRelationSet()
	rels.add(nb.Relations, 0)
	for _, e := range expand {
		k, err := x.resolveID(ctx, "expand", e)
		if err != nil {
			return nil, err
		}
		more, err := x.store.Neighbourhood(ctx, store.NeighbourhoodQuery{Center: k, Depth: 1, Types: types, Limit: limit})
		if err != nil {
			return nil, err
		}
		for _, n := range more.Nodes {
			if !listed[n.Node] {
				listed[n.Node] = true
				order = append(order, n.Node)
			}
		}
		rels.add(more.Relations, 0)
	}
	nodes, err := x.loadNodes(ctx, order)
	if err != nil {
		return nil, err
	}
	g := &exportGraph{
		name:        "neighbourhood-" + center.Slug,
		description: fmt.Sprintf("Neighbourhood of %s to depth %d", center.GlobalID(), depth),
		relations:   rels.list,
		hasDistance: true,
	}
	if len(expand) > 0 {
		g.description += ", expanded at " + strings.Join(expand, ", ")
	}
	for i, n := range nodes {
		en := exportNode{node: n}
		if d, ok := distance[order[i]]; ok {
			en.distance = &d
		}
		g.nodes = append(g.nodes, en)
	}
	return g, nil
}

// path exports every shortest path between two entities as one graph; each relation lists the
// paths it lies on.
func (x *exporter) path(ctx context.Context, r *http.Request) (*exportGraph, error) {
	q := r.URL.Query()
	if err := onlyParams(q, "from", "to", "maxHops", "first", "types"); err != nil {
		return nil, err
	}
	fromID, err := requiredParam(q, "from")
	if err != nil {
		return nil, err
	}
	toID, err := requiredParam(q, "to")
	if err != nil {
		return nil, err
	}
	hops, err := intParam(q, "maxHops", defaultPathHops, 1, graph.MaxPathHops)
	if err != nil {
		return nil, err
	}
	first, err := intParam(q, "first", defaultPaths, 1, graph.MaxPaths)
	if err != nil {
		return nil, err
	}
	types, err := typesParam(q)
	if err != nil {
		return nil, err
	}
	from, err := x.resolveID(ctx, "from", fromID)
	if err != nil {
		return nil, err
	}
	to, err := x.resolveID(ctx, "to", toID)
	if err != nil {
		return nil, err
	}
	paths, err := x.store.Paths(ctx, store.PathQuery{From: from, To: to, MaxHops: hops, Types: types, Limit: first})
	if err != nil {
		return nil, err
	}
	var order []ecosystem.NodeKey
	seen := map[ecosystem.NodeKey]bool{}
	rels := newRelationSet()
	for i, p := range paths {
		for _, k := range p.Nodes {
			if !seen[k] {
				seen[k] = true
				order = append(order, k)
			}
		}
		for _, h := range p.Hops {
			rels.add([]*ecosystem.Relation{h.Relation}, i+1)
		}
	}
	nodes, err := x.loadNodes(ctx, order)
	if err != nil {
		return nil, err
	}
	g := &exportGraph{
		name:        "path-" + from.Slug + "-" + to.Slug,
		description: fmt.Sprintf("%d shortest path(s) from %s to %s, at most %d hops", len(paths), from.GlobalID(), to.GlobalID(), hops),
		relations:   rels.list,
		hasPaths:    true,
	}
	for _, n := range nodes {
		g.nodes = append(g.nodes, exportNode{node: n})
	}
	return g, nil
}

// wholeGraph exports every node and relation. The store has no call that lists every node, so
// it starts from every organisation, practice and source document and follows relations, in
// batches, until nothing new turns up; the stats tell whether a node was out of reach.
func (x *exporter) wholeGraph(ctx context.Context, r *http.Request) (*exportGraph, error) {
	if err := onlyParams(r.URL.Query()); err != nil {
		return nil, err
	}
	seen := map[ecosystem.NodeKey]bool{}
	var order, frontier []ecosystem.NodeKey
	visit := func(k ecosystem.NodeKey) {
		if !seen[k] {
			seen[k] = true
			order = append(order, k)
			frontier = append(frontier, k)
		}
	}
	sources, err := x.store.Sources(ctx)
	if err != nil {
		return nil, err
	}
	for _, s := range sources {
		visit(s.Key())
	}
	practices, err := x.store.Practices(ctx, store.PracticeFilter{})
	if err != nil {
		return nil, err
	}
	for _, p := range practices {
		visit(p.Key())
	}
	for after := ""; ; {
		page, err := x.store.Organisations(ctx, store.OrganisationFilter{}, store.OrganisationOrder{Field: store.OrderByName}, store.Page{First: graph.MaxPageSize, After: after})
		if err != nil {
			return nil, err
		}
		for _, o := range page.Items {
			visit(o.Key())
		}
		if !page.HasNextPage || len(page.Cursors) == 0 {
			break
		}
		after = page.Cursors[len(page.Cursors)-1]
	}
	rels := newRelationSet()
	for len(frontier) > 0 {
		batch := frontier[:min(exportBatch, len(frontier))]
		frontier = frontier[len(batch):]
		found, err := x.store.Relations(ctx, batch, store.RelationQuery{})
		if err != nil {
			return nil, err
		}
		for i, list := range found {
			rels.add(list, 0)
			for _, rel := range list {
				visit(rel.Other(batch[i]))
			}
		}
	}
	stats, err := x.store.Stats(ctx, store.StatsQuery{})
	if err != nil {
		return nil, err
	}
	total := 0
	for _, c := range stats.Nodes {
		total += c.Count
	}
	if total != len(order) {
		x.logger.WarnContext(ctx, "graph export misses nodes unreachable from organisations, practices and sources",
			"exported", len(order), "in_store", total)
	}
	slices.SortFunc(order, func(a, b ecosystem.NodeKey) int { return strings.Compare(a.GlobalID(), b.GlobalID()) })
	slices.SortFunc(rels.list, func(a, b exportRelation) int { return strings.Compare(a.rel.ID, b.rel.ID) })
	nodes, err := x.loadNodes(ctx, order)
	if err != nil {
		return nil, err
	}
	g := &exportGraph{name: "graph", description: "The whole knowledge graph", relations: rels.list}
	for _, n := range nodes {
		g.nodes = append(g.nodes, exportNode{node: n})
	}
	return g, nil
}

// relationSet collects relations without repeats, in the order first seen.
type relationSet struct {
	list  []exportRelation
	index map[string]int
}

func newRelationSet() *relationSet { return &relationSet{index: map[string]int{}} }

// add records relations; path > 0 records that they lie on that path.
func (s *relationSet) add(rels []*ecosystem.Relation, path int) {
	for _, r := range rels {
		i, ok := s.index[r.ID]
		if !ok {
			i = len(s.list)
			s.index[r.ID] = i
			s.list = append(s.list, exportRelation{rel: r})
		}
		if path > 0 && !slices.Contains(s.list[i].paths, path) {
			s.list[i].paths = append(s.list[i].paths, path)
		}
	}
}

// loadNodes reads nodes in batches; a node that vanished meanwhile is left out.
func (x *exporter) loadNodes(ctx context.Context, keys []ecosystem.NodeKey) ([]ecosystem.Node, error) {
	out := make([]ecosystem.Node, 0, len(keys))
	for start := 0; start < len(keys); start += exportBatch {
		batch := keys[start:min(start+exportBatch, len(keys))]
		nodes, err := x.store.Nodes(ctx, batch)
		if err != nil {
			return nil, err
		}
		for _, n := range nodes {
			if n != nil {
				out = append(out, n)
			}
		}
	}
	return out, nil
}

// loadSourceNames reads the titles of every source document the export cites.
func (x *exporter) loadSourceNames(ctx context.Context, g *exportGraph) error {
	var keys []ecosystem.NodeKey
	seen := map[string]bool{}
	cite := func(cs []ecosystem.Citation) {
		for _, c := range cs {
			if !seen[c.Source] {
				seen[c.Source] = true
				keys = append(keys, ecosystem.NodeKey{Type: ecosystem.NodeSource, Slug: c.Source})
			}
		}
	}
	for _, n := range g.nodes {
		cite(n.node.Common().Sources)
	}
	for _, r := range g.relations {
		cite(r.rel.Sources)
	}
	nodes, err := x.loadNodes(ctx, keys)
	if err != nil {
		return err
	}
	g.sourceNames = map[string]string{}
	for _, n := range nodes {
		g.sourceNames[n.Common().Slug] = n.Label()
	}
	return nil
}

// resolveID reads an id parameter: a global id, or a bare slug that names one node only, as
// the GraphQL arguments do.
func (x *exporter) resolveID(ctx context.Context, param, id string) (ecosystem.NodeKey, error) {
	if strings.Contains(id, ":") {
		k, err := ecosystem.ParseGlobalID(id)
		if err != nil {
			return ecosystem.NodeKey{}, badParam(param, "%s: %v", param, err)
		}
		nodes, err := x.store.Nodes(ctx, []ecosystem.NodeKey{k})
		if err != nil {
			return ecosystem.NodeKey{}, err
		}
		if nodes[0] == nil {
			return ecosystem.NodeKey{}, &exportError{status: http.StatusNotFound, code: graph.CodeNotFound, parameter: param, message: fmt.Sprintf("%s: nothing has the id %q", param, id)}
		}
		return nodes[0].Key(), nil // a merged id exports its survivor
	}
	if err := ecosystem.ValidateSlug(id); err != nil {
		return ecosystem.NodeKey{}, badParam(param, "%s: %v", param, err)
	}
	keys := make([]ecosystem.NodeKey, len(ecosystem.AllNodeTypes))
	for i, t := range ecosystem.AllNodeTypes {
		keys[i] = ecosystem.NodeKey{Type: t, Slug: id}
	}
	nodes, err := x.store.Nodes(ctx, keys)
	if err != nil {
		return ecosystem.NodeKey{}, err
	}
	var found []string
	var key ecosystem.NodeKey
	for _, n := range nodes {
		if n != nil && !slices.Contains(found, n.Key().GlobalID()) {
			found = append(found, n.Key().GlobalID())
			key = n.Key()
		}
	}
	switch len(found) {
	case 0:
		return ecosystem.NodeKey{}, &exportError{status: http.StatusNotFound, code: graph.CodeNotFound, parameter: param, message: fmt.Sprintf("%s: nothing has the id %q", param, id)}
	case 1:
		return key, nil
	}
	return ecosystem.NodeKey{}, badParam(param, "%s: %q names several nodes; use one of the global ids %s", param, id, strings.Join(found, ", "))
}

// onlyParams refuses parameters the export does not know, so that a misspelt one is not
// silently ignored.
func onlyParams(q map[string][]string, known ...string) error {
	for name := range q {
		if !slices.Contains(known, name) {
			if len(known) == 0 {
				return badParam(name, "unknown parameter %q: this export takes none", name)
			}
			return badParam(name, "unknown parameter %q; this export takes %s", name, strings.Join(known, ", "))
		}
	}
	return nil
}

func requiredParam(q map[string][]string, name string) (string, error) {
	v := q[name]
	switch {
	case len(v) == 0 || strings.TrimSpace(v[0]) == "":
		return "", badParam(name, "the parameter %s is required", name)
	case len(v) > 1:
		return "", badParam(name, "the parameter %s is given %d times", name, len(v))
	case len(v[0]) > graph.MaxTextLength:
		return "", badParam(name, "%s is longer than %d characters", name, graph.MaxTextLength)
	}
	return strings.TrimSpace(v[0]), nil
}

func intParam(q map[string][]string, name string, def, lo, hi int) (int, error) {
	v := q[name]
	if len(v) == 0 {
		return def, nil
	}
	n, err := strconv.Atoi(strings.TrimSpace(v[0]))
	if err != nil || len(v) > 1 {
		return 0, badParam(name, "%s must be a whole number between %d and %d", name, lo, hi)
	}
	if n < lo || n > hi {
		return 0, badParam(name, "%s must be between %d and %d, not %d", name, lo, hi, n)
	}
	return n, nil
}

// typesParam reads relation types given as a comma-separated list or as repeated parameters.
func typesParam(q map[string][]string) ([]ecosystem.RelationType, error) {
	var out []ecosystem.RelationType
	for _, v := range q["types"] {
		for t := range strings.SplitSeq(v, ",") {
			t = strings.ToUpper(strings.TrimSpace(t))
			if t == "" {
				continue
			}
			rt := ecosystem.RelationType(t)
			if !rt.IsValid() {
				return nil, badParam("types", "types: %q is not a relation type", t)
			}
			if !slices.Contains(out, rt) {
				out = append(out, rt)
			}
		}
	}
	return out, nil
}

// fail answers with a GraphQL-shaped error body carrying a stable code. Only messages written
// for clients pass; anything else is logged and answered with a generic text.
func (x *exporter) fail(w http.ResponseWriter, r *http.Request, err error) {
	var e *exportError
	if !errors.As(err, &e) {
		code, message := graph.Classify(err)
		e = &exportError{code: code, message: message, status: statusOfCode(code)}
		if e.status >= http.StatusInternalServerError {
			x.logger.ErrorContext(r.Context(), "export failed", "path", r.URL.Path, "error", err)
		}
	}
	body := gqlErrorBody(e.message, e.code)
	if e.parameter != "" {
		body["errors"].([]map[string]any)[0]["extensions"].(map[string]any)["parameter"] = e.parameter
	}
	writeJSON(w, e.status, body)
}

// statusOfCode maps the API's error codes to HTTP statuses.
func statusOfCode(code string) int {
	switch code {
	case graph.CodeBadUserInput:
		return http.StatusBadRequest
	case graph.CodeNotFound:
		return http.StatusNotFound
	case graph.CodeUnavailable:
		return http.StatusServiceUnavailable
	case graph.CodeTimeout:
		return http.StatusGatewayTimeout
	case graph.CodeCancelled:
		return http.StatusRequestTimeout
	}
	return http.StatusInternalServerError
}

// write sends the export in the requested format as a download.
func (x *exporter) write(w http.ResponseWriter, r *http.Request, g *exportGraph, format string) {
	var contentType, file string
	var body func(io.Writer) error
	switch format {
	case formatGraphML:
		contentType, file, body = "application/graphml+xml; charset=utf-8", g.name+".graphml", g.writeGraphML
	case formatNodesCSV:
		contentType, file, body = "text/csv; charset=utf-8", g.name+".nodes.csv", g.writeNodesCSV
	case formatEdgesCSV:
		contentType, file, body = "text/csv; charset=utf-8", g.name+".edges.csv", g.writeEdgesCSV
	default:
		contentType, file, body = "application/zip", g.name+".zip", g.writeZip
	}
	w.Header().Set("Content-Type", contentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf("attachment; filename=%q", file))
	w.Header().Set("Cache-Control", "no-store")
	if err := body(w); err != nil {
		// The status line is gone by now; the client sees a truncated file.
		x.logger.WarnContext(r.Context(), "export cut short", "path", r.URL.Path, "error", err)
	}
}

// column is one attribute of nodes or relations, shared by the CSV and GraphML writers.
type column[T any] struct {
	name string
	// kind is the GraphML attr.type: string, int or double.
	kind  string
	value func(T) string
}

func (g *exportGraph) nodeColumns() []column[exportNode] {
	cols := []column[exportNode]{
		{"label", "string", func(n exportNode) string { return n.node.Label() }},
		{"type", "string", func(n exportNode) string { return string(nodeType(n.node)) }},
		{"slug", "string", func(n exportNode) string { return n.node.Common().Slug }},
		{"kind", "string", func(n exportNode) string { return nodeKind(n.node) }},
		{"aliases", "string", func(n exportNode) string { return strings.Join(n.node.Common().Aliases, "; ") }},
		{"description", "string", func(n exportNode) string { return n.node.Common().Description }},
		{"country", "string", func(n exportNode) string { return nodeCountry(n.node) }},
		{"lat", "double", func(n exportNode) string { return coordinate(n.node, true) }},
		{"lon", "double", func(n exportNode) string { return coordinate(n.node, false) }},
		{"terc", "string", func(n exportNode) string {
			if p, ok := n.node.(*ecosystem.Place); ok {
				return p.TERC
			}
			return ""
		}},
		{"start", "string", func(n exportNode) string { s, _ := nodeDates(n.node); return s }},
		{"end", "string", func(n exportNode) string { _, e := nodeDates(n.node); return e }},
		{"themes", "string", func(n exportNode) string { return nodeThemes(n.node) }},
		{"url", "string", func(n exportNode) string { return nodeURL(n.node) }},
	}
	if g.hasDistance {
		cols = append(cols, column[exportNode]{"distance", "int", func(n exportNode) string {
			if n.distance == nil {
				return ""
			}
			return strconv.Itoa(*n.distance)
		}})
	}
	return append(cols,
		column[exportNode]{"citations", "string", func(n exportNode) string { return g.citations(n.node.Common().Sources) }},
		column[exportNode]{"cited_sources", "string", func(n exportNode) string { return citedSources(n.node.Common().Sources) }},
	)
}

func (g *exportGraph) relationColumns() []column[exportRelation] {
	cols := []column[exportRelation]{
		{"relation", "string", func(r exportRelation) string { return string(r.rel.Type) }},
		{"title", "string", func(r exportRelation) string { return r.rel.Title }},
		{"topic", "string", func(r exportRelation) string { return r.rel.Topic }},
		{"count", "int", func(r exportRelation) string {
			if r.rel.Count == nil {
				return ""
			}
			return strconv.Itoa(*r.rel.Count)
		}},
		{"since", "string", func(r exportRelation) string { return dateString(r.rel.Since) }},
		{"until", "string", func(r exportRelation) string { return dateString(r.rel.Until) }},
	}
	if g.hasPaths {
		cols = append(cols, column[exportRelation]{"paths", "string", func(r exportRelation) string {
			parts := make([]string, len(r.paths))
			for i, p := range r.paths {
				parts[i] = strconv.Itoa(p)
			}
			return strings.Join(parts, "; ")
		}})
	}
	return append(cols,
		column[exportRelation]{"citations", "string", func(r exportRelation) string { return g.citations(r.rel.Sources) }},
		column[exportRelation]{"cited_sources", "string", func(r exportRelation) string { return citedSources(r.rel.Sources) }},
	)
}

// citations writes citations as "Title, locator: note", separated by " | ".
func (g *exportGraph) citations(cs []ecosystem.Citation) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		title := g.sourceNames[c.Source]
		if title == "" {
			title = ecosystem.NodeKey{Type: ecosystem.NodeSource, Slug: c.Source}.GlobalID()
		}
		s := title
		if c.Locator != "" {
			s += ", " + c.Locator
		}
		if c.Note != "" {
			s += ": " + c.Note
		}
		if c.Inferred {
			s += " (inferred)"
		}
		parts[i] = s
	}
	return strings.Join(parts, " | ")
}

// citedSources lists the global ids of the cited source documents without repeats.
func citedSources(cs []ecosystem.Citation) string {
	var ids []string
	for _, c := range cs {
		id := ecosystem.NodeKey{Type: ecosystem.NodeSource, Slug: c.Source}.GlobalID()
		if !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	return strings.Join(ids, "; ")
}

func (g *exportGraph) writeNodesCSV(w io.Writer) error {
	cols := g.nodeColumns()
	cw := csv.NewWriter(w)
	header := []string{"id"}
	for _, c := range cols {
		header = append(header, c.name)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, n := range g.nodes {
		row := []string{n.node.Key().GlobalID()}
		for _, c := range cols {
			row = append(row, c.value(n))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func (g *exportGraph) writeEdgesCSV(w io.Writer) error {
	cols := g.relationColumns()
	cw := csv.NewWriter(w)
	// source and target are the names Gephi's spreadsheet import looks for.
	header := []string{"id", "source", "target"}
	for _, c := range cols {
		header = append(header, c.name)
	}
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, r := range g.relations {
		row := []string{r.rel.ID, r.rel.From.GlobalID(), r.rel.To.GlobalID()}
		for _, c := range cols {
			row = append(row, c.value(r))
		}
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func (g *exportGraph) writeZip(w io.Writer) error {
	zw := zip.NewWriter(w)
	for _, f := range []struct {
		name  string
		write func(io.Writer) error
	}{{g.name + ".nodes.csv", g.writeNodesCSV}, {g.name + ".edges.csv", g.writeEdgesCSV}} {
		fw, err := zw.Create(f.name)
		if err != nil {
			return err
		}
		if err := f.write(fw); err != nil {
			return err
		}
	}
	return zw.Close()
}

// writeGraphML writes a directed GraphML graph. Node ids are global ids and edge ids relation
// ids; empty attributes are left out, so that readers apply no default and typed attributes
// never hold an empty string.
func (g *exportGraph) writeGraphML(w io.Writer) error {
	ew := &errWriter{w: w}
	ew.printf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
	ew.printf("<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n")
	ew.printf("  <desc>%s</desc>\n", xmlText(g.description))
	nodeCols, relCols := g.nodeColumns(), g.relationColumns()
	for _, c := range nodeCols {
		ew.printf("  <key id=\"n_%s\" for=\"node\" attr.name=\"%s\" attr.type=\"%s\"/>\n", c.name, c.name, c.kind)
	}
	for _, c := range relCols {
		ew.printf("  <key id=\"e_%s\" for=\"edge\" attr.name=\"%s\" attr.type=\"%s\"/>\n", c.name, c.name, c.kind)
	}
	ew.printf("  <graph id=\"%s\" edgedefault=\"directed\">\n", xmlText(g.name))
	for _, n := range g.nodes {
		ew.printf("    <node id=\"%s\">\n", xmlText(n.node.Key().GlobalID()))
		for _, c := range nodeCols {
			if v := c.value(n); v != "" {
				ew.printf("      <data key=\"n_%s\">%s</data>\n", c.name, xmlText(v))
			}
		}
		ew.printf("    </node>\n")
	}
	for _, r := range g.relations {
		ew.printf("    <edge id=\"%s\" source=\"%s\" target=\"%s\">\n", xmlText(r.rel.ID), xmlText(r.rel.From.GlobalID()), xmlText(r.rel.To.GlobalID()))
		for _, c := range relCols {
			if v := c.value(r); v != "" {
				ew.printf("      <data key=\"e_%s\">%s</data>\n", c.name, xmlText(v))
			}
		}
		ew.printf("    </edge>\n")
	}
	ew.printf("  </graph>\n</graphml>\n")
	return ew.err
}

// errWriter keeps the first write error so that a long run of writes checks it once.
type errWriter struct {
	w   io.Writer
	err error
}

func (e *errWriter) printf(format string, args ...any) {
	if e.err == nil {
		_, e.err = fmt.Fprintf(e.w, format, args...)
	}
}

// xmlText escapes s for XML text and attributes; characters XML cannot hold become U+FFFD.
func xmlText(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}

func nodeType(n ecosystem.Node) ecosystem.NodeType { return n.Key().Type }

func nodeKind(n ecosystem.Node) string {
	switch v := n.(type) {
	case *ecosystem.Organisation:
		return string(v.Kind)
	case *ecosystem.Programme:
		return string(v.Kind)
	case *ecosystem.Event:
		return string(v.Kind)
	case *ecosystem.Place:
		return string(v.Kind)
	case *ecosystem.Source:
		return string(v.Kind)
	}
	return ""
}

func nodeCountry(n ecosystem.Node) string {
	switch v := n.(type) {
	case *ecosystem.Organisation:
		return v.Country
	case *ecosystem.Place:
		return v.Country
	}
	return ""
}

func coordinate(n ecosystem.Node, lat bool) string {
	p, ok := n.(*ecosystem.Place)
	if !ok || p.Point == nil {
		return ""
	}
	if lat {
		return strconv.FormatFloat(p.Point.Lat, 'f', -1, 64)
	}
	return strconv.FormatFloat(p.Point.Lon, 'f', -1, 64)
}

func nodeDates(n ecosystem.Node) (string, string) {
	switch v := n.(type) {
	case *ecosystem.Project:
		return dateString(v.Start), dateString(v.End)
	case *ecosystem.Programme:
		return dateString(v.Start), dateString(v.End)
	case *ecosystem.Event:
		return dateString(v.Start), dateString(v.End)
	case *ecosystem.Source:
		return dateString(v.Published), ""
	}
	return "", ""
}

func nodeThemes(n ecosystem.Node) string {
	var themes []ecosystem.Theme
	switch v := n.(type) {
	case *ecosystem.Event:
		themes = v.Themes
	case *ecosystem.Practice:
		themes = v.Themes
	}
	parts := make([]string, len(themes))
	for i, t := range themes {
		parts[i] = string(t)
	}
	return strings.Join(parts, "; ")
}

func nodeURL(n ecosystem.Node) string {
	switch v := n.(type) {
	case *ecosystem.Organisation:
		return v.Website
	case *ecosystem.Source:
		return v.URL
	}
	return ""
}

func dateString(d *ecosystem.PartialDate) string {
	if d == nil || d.IsZero() {
		return ""
	}
	return d.String()
}
