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
