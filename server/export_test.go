package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// get fetches path from the test server.
func get(t *testing.T, srv *httptest.Server, path string) (*http.Response, []byte) {
	t.Helper()
	resp, err := http.Get(srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp, body
}

func TestExportRefusesBadParameters(t *testing.T) {
	srv := testServer(t, seededStore(t))
	cases := []struct {
		name, path string
		status     int
		code       string
		parameter  string
		mentions   string
	}{
		{"unknown subject", "/export/people.graphml", 404, "NOT_FOUND", "file", "neighbourhood,path,graph"},
		{"unknown format", "/export/graph.json", 404, "NOT_FOUND", "file", "graphml,nodes.csv,edges.csv,zip"},
		{"missing id", "/export/neighbourhood.graphml", 400, "BAD_USER_INPUT", "id", "required"},
		{"blank id", "/export/neighbourhood.graphml?id=%20", 400, "BAD_USER_INPUT", "id", "required"},
		{"repeated id", "/export/neighbourhood.graphml?id=a&id=b", 400, "BAD_USER_INPUT", "id", "2 times"},
		{"depth too deep", "/export/neighbourhood.zip?id=wtz-gebice&depth=4", 400, "BAD_USER_INPUT", "depth", "between 0 and 3"},
		{"depth not a number", "/export/neighbourhood.zip?id=wtz-gebice&depth=two", 400, "BAD_USER_INPUT", "depth", "whole number"},
		{"limit zero", "/export/neighbourhood.nodes.csv?id=wtz-gebice&limit=0", 400, "BAD_USER_INPUT", "limit", "between 1 and 500"},
		{"unknown relation type", "/export/neighbourhood.graphml?id=wtz-gebice&types=KNOWS", 400, "BAD_USER_INPUT", "types", "KNOWS"},
		{"misspelt parameter", "/export/neighbourhood.graphml?id=wtz-gebice&dpth=2", 400, "BAD_USER_INPUT", "dpth", "takes id, depth"},
		{"malformed id", "/export/neighbourhood.graphml?id=Organisation:MOPS!", 400, "BAD_USER_INPUT", "id", "lower-case"},
		{"unknown type in id", "/export/neighbourhood.graphml?id=Company:x", 400, "BAD_USER_INPUT", "id", "names no node type"},
		{"unknown entity", "/export/neighbourhood.graphml?id=Organisation:nobody", 404, "NOT_FOUND", "id", "nothing has the id"},
		{"unknown bare slug", "/export/neighbourhood.graphml?id=nobody", 404, "NOT_FOUND", "id", "nothing has the id"},
		{"unknown expand", "/export/neighbourhood.graphml?id=wtz-gebice&expand=nobody", 404, "NOT_FOUND", "expand", "nothing has the id"},
		{"too many expands", "/export/neighbourhood.graphml?id=wtz-gebice&expand=" + strings.Repeat("a,", 51), 400, "BAD_USER_INPUT", "expand", "at most 50"},
		{"path without to", "/export/path.graphml?from=mops-gdynia", 400, "BAD_USER_INPUT", "to", "required"},
		{"path too long", "/export/path.edges.csv?from=mops-gdynia&to=rops-olsztyn&maxHops=7", 400, "BAD_USER_INPUT", "maxHops", "between 1 and 6"},
		{"too many paths", "/export/path.edges.csv?from=mops-gdynia&to=rops-olsztyn&first=21", 400, "BAD_USER_INPUT", "first", "between 1 and 20"},
		{"graph takes no parameters", "/export/graph.graphml?id=x", 400, "BAD_USER_INPUT", "id", "takes none"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := get(t, srv, tc.path)
			if resp.StatusCode != tc.status {
				t.Fatalf("status %d, want %d: %s", resp.StatusCode, tc.status, body)
			}
			var out struct {
				Errors []struct {
					Message    string `json:"message"`
					Extensions struct {
						Code      string `json:"code"`
						Parameter string `json:"parameter"`
					} `json:"extensions"`
				} `json:"errors"`
			}
			if err := json.Unmarshal(body, &out); err != nil || len(out.Errors) != 1 {
				t.Fatalf("body is not one error: %s", body)
			}
			e := out.Errors[0]
			if e.Extensions.Code != tc.code || e.Extensions.Parameter != tc.parameter {
				t.Errorf("code %q parameter %q, want %q %q", e.Extensions.Code, e.Extensions.Parameter, tc.code, tc.parameter)
			}
			if !strings.Contains(e.Message, tc.mentions) {
				t.Errorf("message %q does not mention %q", e.Message, tc.mentions)
			}
		})
	}
}

// unavailableStore fails like an unreachable database, with driver detail in the error.
type unavailableStore struct{ store.Store }

var errDriver = fmt.Errorf("%w: dial tcp 10.1.2.3:7687: connection refused (neo4j driver)", store.ErrUnavailable)

func (unavailableStore) Nodes(context.Context, []ecosystem.NodeKey) ([]ecosystem.Node, error) {
	return nil, errDriver
}

func (unavailableStore) Sources(context.Context) ([]*ecosystem.Source, error) { return nil, errDriver }

func TestExportHidesStoreFailures(t *testing.T) {
	srv := testServer(t, unavailableStore{seededStore(t)})
	for _, path := range []string{"/export/neighbourhood.graphml?id=wtz-gebice", "/export/graph.zip"} {
		resp, body := get(t, srv, path)
		if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(string(body), `"UNAVAILABLE"`) {
			t.Errorf("%s = %d %s", path, resp.StatusCode, body)
		}
		if strings.Contains(string(body), "10.1.2.3") || strings.Contains(string(body), "driver") {
			t.Errorf("%s leaks the driver's error: %s", path, body)
		}
	}
}

// graphML is the part of a GraphML document the tests read.
type graphML struct {
	Keys []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
		Type string `xml:"attr.type,attr"`
	} `xml:"key"`
	Graph struct {
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []struct {
			ID   string    `xml:"id,attr"`
			Data []xmlData `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			ID     string    `xml:"id,attr"`
			Source string    `xml:"source,attr"`
			Target string    `xml:"target,attr"`
			Data   []xmlData `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

type xmlData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

func dataOf(data []xmlData, key string) string {
	for _, d := range data {
		if d.Key == key {
			return d.Value
		}
	}
	return ""
}

func parseGraphML(t *testing.T, body []byte) graphML {
	t.Helper()
	var g graphML
	if err := xml.Unmarshal(body, &g); err != nil {
		t.Fatalf("not GraphML: %v\n%.500s", err, body)
	}
	return g
}

func TestNeighbourhoodGraphML(t *testing.T) {
	s := seededStore(t)
	srv := testServer(t, s)
	center := ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "wtz-gebice"}
	want, err := s.Neighbourhood(t.Context(), store.NeighbourhoodQuery{Center: center, Depth: 2, Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	resp, body := get(t, srv, "/export/neighbourhood.graphml?id=wtz-gebice&depth=2")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/graphml+xml; charset=utf-8" {
		t.Fatalf("status %d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="neighbourhood-wtz-gebice.graphml"` {
		t.Errorf("Content-Disposition %q", cd)
	}
	g := parseGraphML(t, body)
	if g.Graph.EdgeDefault != "directed" {
		t.Errorf("edgedefault %q", g.Graph.EdgeDefault)
	}
	types := map[string]string{}
	for _, k := range g.Keys {
		types[k.ID] = k.For + " " + k.Name + " " + k.Type
	}
	for id, want := range map[string]string{"n_label": "node label string", "n_lat": "node lat double", "n_distance": "node distance int", "e_relation": "edge relation string", "e_citations": "edge citations string", "e_count": "edge count int"} {
		if types[id] != want {
			t.Errorf("key %s = %q, want %q", id, types[id], want)
		}
	}
	if len(g.Graph.Nodes) != len(want.Nodes) || len(g.Graph.Edges) != len(want.Relations) {
		t.Fatalf("%d nodes and %d edges, want %d and %d", len(g.Graph.Nodes), len(g.Graph.Edges), len(want.Nodes), len(want.Relations))
	}
	for i, n := range want.Nodes {
		got := g.Graph.Nodes[i]
		if got.ID != n.Node.GlobalID() || dataOf(got.Data, "n_distance") != itoa(n.Distance) || dataOf(got.Data, "n_type") != string(n.Node.Type) {
			t.Errorf("node %d = %s distance %s type %s, want %s at %d", i, got.ID, dataOf(got.Data, "n_distance"), dataOf(got.Data, "n_type"), n.Node, n.Distance)
		}
	}
	if got := dataOf(g.Graph.Nodes[0].Data, "n_label"); got != "Warsztat Terapii Zajęciowej w Gębicach" {
		t.Errorf("centre label %q", got)
	}
	for i, r := range want.Relations {
		e := g.Graph.Edges[i]
		if e.ID != r.ID || e.Source != r.From.GlobalID() || e.Target != r.To.GlobalID() || dataOf(e.Data, "e_relation") != string(r.Type) {
			t.Errorf("edge %d = %s %s→%s, want %s %s→%s", i, e.ID, e.Source, e.Target, r.ID, r.From, r.To)
		}
		// Every relation carries its citations: the source's title and the locator.
		cited := dataOf(e.Data, "e_citations")
		if cited == "" || !strings.Contains(cited, r.Sources[0].Locator) || dataOf(e.Data, "e_cited_sources") == "" {
			t.Errorf("edge %s citations %q", e.ID, cited)
		}
	}
}

func TestNeighbourhoodExportWithExpansions(t *testing.T) {
	s := seededStore(t)
	srv := testServer(t, s)
	ids := map[string]bool{}
	rels := map[string]bool{}
	for _, slug := range []string{"wtz-gebice", "empatia", "mops-gdynia"} {
		nb, err := s.Neighbourhood(t.Context(), store.NeighbourhoodQuery{Center: ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: slug}, Depth: 1, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, n := range nb.Nodes {
			ids[n.Node.GlobalID()] = true
		}
		for _, r := range nb.Relations {
			rels[r.ID] = true
		}
	}
	resp, body := get(t, srv, "/export/neighbourhood.graphml?id=wtz-gebice&expand=Organisation:empatia,mops-gdynia")
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", resp.StatusCode, body)
	}
	g := parseGraphML(t, body)
	if len(g.Graph.Nodes) != len(ids) || len(g.Graph.Edges) != len(rels) {
		t.Fatalf("%d nodes, %d edges; want the union of the three neighbourhoods: %d, %d", len(g.Graph.Nodes), len(g.Graph.Edges), len(ids), len(rels))
	}
	for _, n := range g.Graph.Nodes {
		if !ids[n.ID] {
			t.Errorf("unexpected node %s", n.ID)
		}
	}
	// Distances are from the first id; nodes only the expansions reached have none.
	for _, n := range g.Graph.Nodes {
		if n.ID == "Organisation:mops-gdynia" && dataOf(n.Data, "n_distance") != "" {
			t.Errorf("mops-gdynia is not near wtz-gebice, yet has distance %s", dataOf(n.Data, "n_distance"))
		}
	}
}

func readCSV(t *testing.T, data []byte) []map[string]string {
	t.Helper()
	rows, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("not CSV: %v", err)
	}
	if len(rows) == 0 {
		t.Fatal("no header")
	}
	out := make([]map[string]string, 0, len(rows)-1)
	for _, row := range rows[1:] {
		m := map[string]string{}
		for i, h := range rows[0] {
			m[h] = row[i]
		}
		out = append(out, m)
	}
	return out
}

func TestPathCSV(t *testing.T) {
	s := seededStore(t)
	srv := testServer(t, s)
	from := ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "mops-gdynia"}
	to := ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "rops-olsztyn"}
	paths, err := s.Paths(t.Context(), store.PathQuery{From: from, To: to, MaxHops: 4, Limit: 5})
	if err != nil || len(paths) < 2 {
		t.Fatalf("paths = %d, %v; the test needs several", len(paths), err)
	}
	onPaths := map[string][]string{}
	nodes := map[string]bool{}
	for i, p := range paths {
		for _, h := range p.Hops {
			onPaths[h.Relation.ID] = append(onPaths[h.Relation.ID], itoa(i+1))
		}
		for _, k := range p.Nodes {
			nodes[k.GlobalID()] = true
		}
	}
	resp, body := get(t, srv, "/export/path.edges.csv?from=Organisation:mops-gdynia&to=rops-olsztyn&maxHops=4")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/csv; charset=utf-8" {
		t.Fatalf("status %d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	edges := readCSV(t, body)
	if len(edges) != len(onPaths) {
		t.Fatalf("%d edges, want the %d distinct relations on the paths", len(edges), len(onPaths))
	}
	for _, e := range edges {
		if got, want := e["paths"], strings.Join(onPaths[e["id"]], "; "); got != want {
			t.Errorf("relation %s lies on paths %q, want %q", e["id"], got, want)
		}
		if e["source"] == "" || e["target"] == "" || e["relation"] == "" || e["citations"] == "" {
			t.Errorf("incomplete row %v", e)
		}
	}
	_, body = get(t, srv, "/export/path.nodes.csv?from=mops-gdynia&to=rops-olsztyn")
	rows := readCSV(t, body)
	if len(rows) != len(nodes) {
		t.Fatalf("%d nodes, want %d", len(rows), len(nodes))
	}
	if rows[0]["id"] != from.GlobalID() || rows[0]["label"] != "Miejski Ośrodek Pomocy Społecznej w Gdyni" || rows[0]["type"] != "ORGANISATION" {
		t.Errorf("first node %v", rows[0])
	}
}

func TestWholeGraphZip(t *testing.T) {
	s := seededStore(t)
	srv := testServer(t, s)
	stats, err := s.Stats(t.Context(), store.StatsQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var nodes, relations int
	for _, c := range stats.Nodes {
		nodes += c.Count
	}
	for _, c := range stats.Relations {
		relations += c.Count
	}
	resp, body := get(t, srv, "/export/graph.zip")
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "application/zip" {
		t.Fatalf("status %d %s", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	zr, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		files[f.Name] = readCSV(t, data)
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	if strings.Join(names, ",") != "graph.edges.csv,graph.nodes.csv" {
		t.Fatalf("zip holds %v", names)
	}
	if len(files["graph.nodes.csv"]) != nodes || len(files["graph.edges.csv"]) != relations {
		t.Fatalf("%d nodes and %d relations, the store has %d and %d", len(files["graph.nodes.csv"]), len(files["graph.edges.csv"]), nodes, relations)
	}
	ids := map[string]bool{}
	for _, n := range files["graph.nodes.csv"] {
		ids[n["id"]] = true
	}
	for _, e := range files["graph.edges.csv"] {
		if !ids[e["source"]] || !ids[e["target"]] {
			t.Errorf("edge %s joins nodes missing from nodes.csv", e["id"])
		}
	}
	// A place keeps its coordinates and TERYT code; a source its URL.
	var gdynia map[string]string
	for _, n := range files["graph.nodes.csv"] {
		if n["id"] == "Place:gdynia" {
			gdynia = n
		}
	}
	if gdynia == nil || gdynia["lat"] == "" || gdynia["lon"] == "" || gdynia["terc"] == "" {
		t.Errorf("Place:gdynia = %v", gdynia)
	}
	// The GraphML of the whole graph agrees with the CSV.
	_, body = get(t, srv, "/export/graph.graphml")
	g := parseGraphML(t, body)
	if len(g.Graph.Nodes) != nodes || len(g.Graph.Edges) != relations {
		t.Errorf("GraphML: %d nodes, %d edges", len(g.Graph.Nodes), len(g.Graph.Edges))
	}
	if !slices.IsSortedFunc(g.Graph.Nodes, func(a, b struct {
		ID   string    `xml:"id,attr"`
		Data []xmlData `xml:"data"`
	}) int {
		return strings.Compare(a.ID, b.ID)
	}) {
		t.Error("the whole graph's nodes are not in id order")
	}
}

func TestXMLTextDropsWhatXMLCannotHold(t *testing.T) {
	got := xmlText("a<b & \"c\"\x01")
	if got != "a&lt;b &amp; &#34;c&#34;\uFFFD" {
		t.Errorf("xmlText = %q", got)
	}
	if err := xml.Unmarshal([]byte("<x a=\""+got+"\">"+got+"</x>"), new(struct{})); err != nil && !errors.Is(err, io.EOF) {
		t.Errorf("escaped text does not parse: %v", err)
	}
}
