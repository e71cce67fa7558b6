package main

import (
	"encoding/json"
	"strings"
	"testing"
)

// TestMutationsReportWhichCommitted: mutation fields run one after the other, each its own
// change set, and their results are nullable. When a later one fails, the earlier ones stay
// committed and the answer says so: their results in data, the failed one null with an error
// at its path. (Before, the failure nulled all of data and a client that retried got CONFLICT.)
func TestMutationsReportWhichCommitted(t *testing.T) {
	srv := testServerWith(t, seededStore(t), map[string]string{"WRITE_TOKEN": testToken})
	q := `mutation($a: OrganisationInput!, $b: OrganisationInput!) {
  first: createOrganisation(input: $a) { id }
  second: createOrganisation(input: $b) { id }
  third: deleteNode(id: "Organisation:nowhere-at-all") { nodesDeleted }
}`
	a, b := mopsInput("MOPS Sopot")["input"], mopsInput("MOPS Sopot")["input"] // the second creates the same id: CONFLICT
	r := postAs(t, srv, testToken, q, map[string]any{"a": a, "b": b})
	var data map[string]json.RawMessage
	if err := json.Unmarshal(r.Data, &data); err != nil || data == nil {
		t.Fatalf("data is %s; want the committed results: %v", r.Data, r.Errors)
	}
	if !strings.Contains(string(data["first"]), `"Organisation:mops-sopot"`) {
		t.Errorf("first = %s, want the created organisation", data["first"])
	}
	for _, key := range []string{"second", "third"} {
		if string(data[key]) != "null" {
			t.Errorf("%s = %s, want null", key, data[key])
		}
	}
	paths := map[string]any{}
	for _, e := range r.Errors {
		if len(e.Path) == 1 {
			paths[e.Path[0].(string)] = e.Extensions["code"]
		}
	}
	if paths["second"] != "CONFLICT" || paths["third"] != "NOT_FOUND" || len(paths) != 2 {
		t.Errorf("errors by path = %v, want second CONFLICT and third NOT_FOUND", paths)
	}
	// The first committed: a read sees it.
	if r := postAs(t, srv, "", `{ organisation(id: "mops-sopot") { name } }`, nil); !strings.Contains(string(r.Data), "MOPS Sopot") {
		t.Errorf("the first mutation did not commit: %s %v", r.Data, r.Errors)
	}
}

// TestNamesAreUniqueOnWrite: an entity whose name normalises like another stored entity's of
// its type is refused by the mutations and the import, as the seed validator refuses two such
// entities in one dataset; on both backends.
func TestNamesAreUniqueOnWrite(t *testing.T) {
	for _, b := range backends(t) {
		t.Run(b.name, func(t *testing.T) {
			srv := testServerWith(t, b.store, map[string]string{"WRITE_TOKEN": testToken})
			in := mopsInput("Miejski Osrodek Pomocy Spolecznej w GDYNI") // mops-gdynia's name without diacritics
			in["input"].(map[string]any)["id"] = "mops-gdynia-bis"
			r := postAs(t, srv, testToken, createMOPS, in)
			if code(r) != "CONFLICT" || !strings.Contains(string(mustJSON(r.Errors)), "Organisation:mops-gdynia") {
				t.Errorf("a second MOPS Gdynia: %s %v", r.Data, r.Errors)
			}
			if r := postAs(t, srv, "", `{ organisation(id: "mops-gdynia-bis") { id } }`, nil); code(r) != "NOT_FOUND" {
				t.Errorf("the refused organisation was written: %s", r.Data)
			}
			// An alias counts as a name; the organisation itself may keep its names on update.
			in = mopsInput("Ośrodek w Sopocie")
			in["input"].(map[string]any)["aliases"] = []string{"MOPS Gdynia"}
			if r := postAs(t, srv, testToken, createMOPS, in); code(r) != "CONFLICT" {
				t.Errorf("an alias that is another's name: %s %v", r.Data, r.Errors)
			}
			doc := `{"organisations": [{"id": "mops-gdynia-ter", "name": "MOPS Gdynia", "kind": "OPS", "country": "PL", "cite": [{"source": "src-wzp-wizyta-studyjna-2021", "locator": "¶1", "note": "x"}]}]}`
			imp := postAs(t, srv, testToken, `mutation($d: String!) { importDocument(document: $d) { valid problems { field message } } }`, map[string]any{"d": doc})
			if !strings.Contains(string(imp.Data), `"valid":false`) || !strings.Contains(string(imp.Data), "same normalised name as Organisation:mops-gdynia") {
				t.Errorf("an import of a second MOPS Gdynia: %s %v", imp.Data, imp.Errors)
			}
			upd := `mutation($input: OrganisationInput!) { updateOrganisation(input: $input) { name } }`
			same := mopsInput("Miejski Ośrodek Pomocy Społecznej w Gdyni")
			same["input"].(map[string]any)["id"] = "mops-gdynia"
			if r := postAs(t, srv, testToken, upd, same); len(r.Errors) > 0 {
				t.Errorf("an update that keeps its own name: %v", r.Errors)
			}
		})
	}
}
