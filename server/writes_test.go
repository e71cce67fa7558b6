package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

const testToken = "test-token-0123456789abcdef"

// postAs sends a GraphQL request with an optional bearer token.
func postAs(t *testing.T, srv *httptest.Server, token, query string, vars map[string]any) gqlResponse {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out gqlResponse
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("not JSON: %s", raw)
	}
	return out
}

func code(r gqlResponse) any {
	if len(r.Errors) == 0 {
		return nil
	}
	return r.Errors[0].Extensions["code"]
}

const createMOPS = `mutation($input: OrganisationInput!) { createOrganisation(input: $input) { id name kind sources { source { id } locator } } }`

func mopsInput(name string) map[string]any {
	return map[string]any{"input": map[string]any{
		"id": "mops-sopot", "name": name, "kind": "OPS", "country": "PL",
		"cite": []map[string]any{{"source": "src-wzp-wizyta-studyjna-2021", "locator": "¶1", "note": "Test entry."}},
	}}
}

func TestWritesNeedAToken(t *testing.T) {
	readOnly := testServer(t, seededStore(t))
	if got := code(postAs(t, readOnly, testToken, createMOPS, mopsInput("MOPS Sopot"))); got != "FORBIDDEN" {
		t.Errorf("a read-only server answered %v", got)
	}
	srv := testServerWith(t, seededStore(t), map[string]string{"WRITE_TOKEN": testToken})
	cases := map[string]string{"": "UNAUTHENTICATED", "wrong-token-0123456789": "FORBIDDEN"}
	for token, want := range cases {
		if got := code(postAs(t, srv, token, createMOPS, mopsInput("MOPS Sopot"))); got != want {
			t.Errorf("token %q: %v, want %s", token, got, want)
		}
	}
	// Nothing was written by the refused requests.
	if r := postAs(t, srv, "", `{ organisation(id: "mops-sopot") { id } }`, nil); code(r) != "NOT_FOUND" {
		t.Errorf("a refused write left data: %s", r.Data)
	}
	if r := postAs(t, srv, testToken, createMOPS, mopsInput("MOPS Sopot")); len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"Organisation:mops-sopot"`) {
		t.Errorf("an authorised write failed: %v %s", r.Errors, r.Data)
	}
}

func TestEntityWrites(t *testing.T) {
	srv := testServerWith(t, seededStore(t), map[string]string{"WRITE_TOKEN": testToken})
	w := func(q string, vars map[string]any) gqlResponse { return postAs(t, srv, testToken, q, vars) }

	if r := w(createMOPS, mopsInput("Miejski Ośrodek Pomocy Społecznej w Sopocie")); len(r.Errors) > 0 {
		t.Fatalf("create: %v", r.Errors)
	}
	if got := code(w(createMOPS, mopsInput("again"))); got != "CONFLICT" {
		t.Errorf("creating an existing id: %v", got)
	}
	update := `mutation($input: OrganisationInput!) { updateOrganisation(input: $input) { name } }`
	in := mopsInput("MOPS w Sopocie")
	if r := w(update, in); len(r.Errors) > 0 || !strings.Contains(string(r.Data), "MOPS w Sopocie") {
		t.Errorf("update: %v %s", r.Errors, r.Data)
	}
	in["input"].(map[string]any)["id"] = "mops-nowhere"
	if got := code(w(update, in)); got != "NOT_FOUND" {
		t.Errorf("updating a missing id: %v", got)
	}
	bad := mopsInput("x")
	bad["input"].(map[string]any)["cite"] = []map[string]any{{"source": "src-does-not-exist"}}
	if r := w(createMOPS, bad); code(r) != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "problem") {
		t.Errorf("a citation of a missing source: %v", r.Errors)
	}
	// Search finds the new entity by its inflected name at once.
	if r := w(`{ search(text: "MOPS Sopotu", first: 1) { nodes { node { id } } } }`, nil); !strings.Contains(string(r.Data), "mops-sopot") {
		t.Errorf("search after a write: %s", r.Data)
	}

	addRel := `mutation($input: RelationInput!) { addRelation(input: $input) { id type sources { locator } } }`
	rel := map[string]any{"input": map[string]any{"type": "LOCATED_IN", "from": "Organisation:mops-sopot", "to": "Place:gdansk",
		"cite": []map[string]any{{"source": "src-wzp-wizyta-studyjna-2021", "locator": "¶2"}}}}
	r := w(addRel, rel)
	if len(r.Errors) > 0 {
		t.Fatalf("addRelation: %v", r.Errors)
	}
	rel["input"].(map[string]any)["cite"] = []map[string]any{{"source": "src-wzp-wizyta-studyjna-2021", "locator": "¶3"}}
	r = w(addRel, rel)
	if !strings.Contains(string(r.Data), `"¶2"`) || !strings.Contains(string(r.Data), `"¶3"`) {
		t.Errorf("adding the same relation again should join the citations: %s", r.Data)
	}
	var added struct{ AddRelation struct{ ID string } }
	_ = json.Unmarshal(r.Data, &added)
	noCite := map[string]any{"input": map[string]any{"type": "LOCATED_IN", "from": "Organisation:mops-sopot", "to": "Place:gdynia", "cite": []any{}}}
	if got := code(w(addRel, noCite)); got != "BAD_USER_INPUT" {
		t.Errorf("a relation without a citation: %v", got)
	}
	if r := w(`mutation($id: ID!) { removeRelation(id: $id) { relationsDeleted } }`, map[string]any{"id": added.AddRelation.ID}); !strings.Contains(string(r.Data), `"relationsDeleted":1`) {
		t.Errorf("removeRelation: %v %s", r.Errors, r.Data)
	}
	if r := w(`mutation { deleteNode(id: "Organisation:mops-sopot") { nodesDeleted } }`, nil); !strings.Contains(string(r.Data), `"nodesDeleted":1`) {
		t.Errorf("deleteNode: %v %s", r.Errors, r.Data)
	}
	if got := code(w(`mutation { deleteNode(id: "Source:src-wzp-wizyta-studyjna-2021") { nodesDeleted } }`, nil)); got != "CONFLICT" {
		t.Errorf("deleting a cited source: %v", got)
	}
}

func TestMergeThroughGraphQL(t *testing.T) {
	srv := testServerWith(t, seededStore(t), map[string]string{"WRITE_TOKEN": testToken})
	if r := postAs(t, srv, testToken, createMOPS, mopsInput("MOPS Gdynia (duplikat)")); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	r := postAs(t, srv, testToken, `mutation { mergeNodes(survivor: "mops-gdynia", merged: "Organisation:mops-sopot") { id aliases } }`, nil)
	if len(r.Errors) > 0 || !strings.Contains(string(r.Data), "MOPS Gdynia (duplikat)") {
		t.Fatalf("merge: %v %s", r.Errors, r.Data)
	}
	r = postAs(t, srv, "", `{ organisation(id: "mops-sopot") { id } partners(of: "mops-sopot") { nodes { strength } } }`, nil)
	if len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"id":"Organisation:mops-gdynia"`) {
		t.Errorf("the merged id should resolve to the survivor: %v %s", r.Errors, r.Data)
	}
}

func TestImportReportsEveryProblemAndChangesNothing(t *testing.T) {
	srv := testServerWith(t, seededStore(t), map[string]string{"WRITE_TOKEN": testToken})
	stats := func() string {
		return string(postAs(t, srv, "", `{ stats { nodes { key count } relations { key count } } }`, nil).Data)
	}
	before := stats()
	doc := `{
	  "sources": [{"id": "src-test", "title": "Test article", "kind": "ARTICLE"}],
	  "organisations": [
	    {"id": "wtz-test", "name": "WTZ Testowy", "kind": "WORKSHOP", "country": "PL", "cite": [{"locator": "¶1"}]},
	    {"id": "ngo-test", "name": "Stowarzyszenie Testowe", "kind": "ASSOCIATION", "country": "PL", "cite": [{"locator": "¶1"}]}
	  ],
	  "places": [{"id": "far-away", "name": "Daleko", "kind": "VILLAGE", "country": "PL", "lat": 123, "lon": 18, "cite": [{"locator": "¶2"}]}],
	  "relations": [{"type": "MEMBER_OF", "from": "Organisation:ngo-test", "to": "Organisation:no-such-federation", "cite": [{"locator": "¶3"}]}]
	}`
	q := `mutation($doc: String!, $dry: Boolean) { importDocument(document: $doc, dryRun: $dry) { dryRun valid problems { path field message } result { nodesCreated relationsCreated } } }`
	r := postAs(t, srv, testToken, q, map[string]any{"doc": doc, "dry": false})
	var out struct {
		ImportDocument struct {
			Valid    bool
			Problems []struct{ Path, Field, Message string }
		}
	}
	if err := json.Unmarshal(r.Data, &out); err != nil || len(r.Errors) > 0 {
		t.Fatalf("%v %s", r.Errors, r.Data)
	}
	if out.ImportDocument.Valid || len(out.ImportDocument.Problems) != 3 {
		t.Fatalf("want three problems, got %+v", out.ImportDocument)
	}
	want := []string{"organisations[0] (wtz-test)|kind|WORKSHOP", "places[0] (far-away)|lat|out of range", "relations[0]|to|no-such-federation"}
	for i, p := range out.ImportDocument.Problems {
		parts := strings.Split(want[i], "|")
		if !strings.Contains(p.Path, parts[0]) || p.Field != parts[1] || !strings.Contains(p.Message, parts[2]) {
			t.Errorf("problem %d = %+v, want %s", i, p, want[i])
		}
	}
	if after := stats(); after != before {
		t.Errorf("a rejected import changed the graph:\n%s\n%s", before, after)
	}

	good := strings.NewReplacer(`"WORKSHOP"`, `"WTZ"`, `"lat": 123`, `"lat": 54.4`, `Organisation:no-such-federation`, `Organisation:fosa`).Replace(doc)
	r = postAs(t, srv, testToken, q, map[string]any{"doc": good, "dry": true})
	if !strings.Contains(string(r.Data), `"valid":true`) || !strings.Contains(string(r.Data), `"nodesCreated":4`) {
		t.Errorf("dry run: %v %s", r.Errors, r.Data)
	}
	if after := stats(); after != before {
		t.Error("a dry run changed the graph")
	}
	r = postAs(t, srv, testToken, q, map[string]any{"doc": good, "dry": false})
	if !strings.Contains(string(r.Data), `"valid":true`) || !strings.Contains(string(r.Data), `"relationsCreated":1`) {
		t.Errorf("import: %v %s", r.Errors, r.Data)
	}
	r = postAs(t, srv, "", `{ organisation(id: "ngo-test") { relations(types: [MEMBER_OF]) { edges { node { id } } } } }`, nil)
	if !strings.Contains(string(r.Data), "Organisation:fosa") {
		t.Errorf("imported relation missing: %s", r.Data)
	}
}

// TestImportDocumentMerges: the importDocument mutation merges as the command does. A
// re-declared seed voivodeship keeps its aliases and point, the dry run lists the changes, and
// the same document imported twice writes nothing the second time; with replace the entity is
// put whole.
func TestImportDocumentMerges(t *testing.T) {
	srv := testServerWith(t, seededStore(t), map[string]string{"WRITE_TOKEN": testToken})
	doc := `{"sources": [{"id": "src-rejestr", "title": "Rejestr", "kind": "REGISTRY"}],
	  "places": [{"id": "malopolskie", "name": "Małopolska", "kind": "VOIVODESHIP", "country": "PL", "cite": [{"source": "src-rejestr", "locator": "row 2"}]}]}`
	q := `mutation($doc: String!, $dry: Boolean, $replace: Boolean) { importDocument(document: $doc, dryRun: $dry, replace: $replace) {
	  valid result { nodesCreated nodesUpdated } changes { entity field old new sources } } }`
	r := postAs(t, srv, testToken, q, map[string]any{"doc": doc, "dry": true})
	if !strings.Contains(string(r.Data), `"entity":"Place:malopolskie","field":"aliases","old":null,"new":"Małopolska`) ||
		!strings.Contains(string(r.Data), `"sources":["src-rejestr"]`) || !strings.Contains(string(r.Data), `"nodesUpdated":1`) {
		t.Errorf("dry run: %v %s", r.Errors, r.Data)
	}
	point := `{ place(id: "malopolskie") { name aliases point { lat lon } sources { source { id } } } }`
	r = postAs(t, srv, testToken, q, map[string]any{"doc": doc})
	if !strings.Contains(string(r.Data), `"valid":true`) || !strings.Contains(string(r.Data), `"nodesCreated":1,"nodesUpdated":1`) {
		t.Fatalf("import: %v %s", r.Errors, r.Data)
	}
	got := string(postAs(t, srv, "", point, nil).Data)
	for _, want := range []string{`"name":"województwo małopolskie"`, `"małopolskie"`, `"Małopolska"`, `"lat":50.06143`, `"Source:src-rejestr"`} {
		if !strings.Contains(got, want) {
			t.Errorf("after the import the voivodeship lacks %s: %s", want, got)
		}
	}
	r = postAs(t, srv, testToken, q, map[string]any{"doc": doc})
	if !strings.Contains(string(r.Data), `"valid":true,"result":{"nodesCreated":0,"nodesUpdated":0},"changes":[]`) {
		t.Errorf("a second import changed something: %v %s", r.Errors, r.Data)
	}
	r = postAs(t, srv, testToken, q, map[string]any{"doc": doc, "replace": true})
	if !strings.Contains(string(r.Data), `"valid":true`) {
		t.Fatalf("replace: %v %s", r.Errors, r.Data)
	}
	if got := string(postAs(t, srv, "", point, nil).Data); !strings.Contains(got, `"name":"Małopolska"`) || strings.Contains(got, "50.06143") {
		t.Errorf("replace did not put the voivodeship whole: %s", got)
	}
}

// TestWrittenPlacesAreCheckedAgainstTheGazetteer: a Polish place written through the API or an
// import must have a TERYT code that exists and a point in Poland near its unit (latitude and
// longitude swapped are named as such); a place abroad is not checked.
func TestWrittenPlacesAreCheckedAgainstTheGazetteer(t *testing.T) {
	srv := testServerWith(t, seededStore(t), map[string]string{"WRITE_TOKEN": testToken})
	q := `mutation($d: String!) { importDocument(document: $d, dryRun: true) { valid problems { path field message } } }`
	doc := func(place string) string {
		return `{"sources": [{"id": "src-p", "title": "P", "kind": "ARTICLE"}], "places": [` + place + `]}`
	}
	for name, c := range map[string]struct{ place, says string }{
		"a point in Sydney":                {`{"id": "x", "name": "Iksowo", "kind": "VILLAGE", "country": "PL", "lat": -33.87, "lon": 151.21, "cite": [{}]}`, "lies outside Poland"},
		"latitude and longitude swapped":   {`{"id": "x", "name": "Kraków", "kind": "CITY", "country": "PL", "terc": "1261011", "lat": 19.94, "lon": 50.06, "cite": [{}]}`, "swapped"},
		"a TERYT code that does not exist": {`{"id": "x", "name": "Iksowo", "kind": "VILLAGE", "country": "PL", "terc": "1299011", "cite": [{}]}`, "no powiat 1299"},
		"a point far from its powiat":      {`{"id": "x", "name": "Iksowo", "kind": "POWIAT", "country": "PL", "terc": "1261", "lat": 54.35, "lon": 18.65, "cite": [{}]}`, "km from"},
	} {
		t.Run(name, func(t *testing.T) {
			r := postAs(t, srv, testToken, q, map[string]any{"d": doc(c.place)})
			if !strings.Contains(string(r.Data), `"valid":false`) || !strings.Contains(string(r.Data), c.says) {
				t.Errorf("want a problem saying %q: %v %s", c.says, r.Errors, r.Data)
			}
		})
	}
	abroad := `{"id": "x", "name": "Sydney", "kind": "CITY", "country": "AU", "lat": -33.87, "lon": 151.21, "cite": [{}]}`
	if r := postAs(t, srv, testToken, q, map[string]any{"d": doc(abroad)}); !strings.Contains(string(r.Data), `"valid":true`) {
		t.Errorf("a place abroad: %v %s", r.Errors, r.Data)
	}
}
