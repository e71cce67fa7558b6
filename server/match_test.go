package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestMatch: Query.match finds the seeded MOPS Gdynia from a register's wording and its town,
// with the features that explain the score; the same name elsewhere is not a confident match;
// an unknown institution is NEW; an identifier decides.
func TestMatch(t *testing.T) {
	srv := testServerWith(t, seededStore(t), map[string]string{"WRITE_TOKEN": testToken})
	q := `query($in: MatchInput!) { match(input: $in) { decision candidates { organisation { id } score confident features { name value weight explanation } } } }`
	type result struct {
		Match struct {
			Decision   string
			Candidates []struct {
				Organisation struct{ ID string }
				Score        float64
				Confident    bool
				Features     []struct {
					Name        string
					Value       float64
					Explanation string
				}
			}
		}
	}
	run := func(in map[string]any) result {
		t.Helper()
		r := postAs(t, srv, "", q, map[string]any{"in": in})
		if len(r.Errors) > 0 {
			t.Fatalf("%v", r.Errors)
		}
		var out result
		if err := json.Unmarshal(r.Data, &out); err != nil {
			t.Fatal(err)
		}
		return out
	}
	got := run(map[string]any{"name": "Miejski Ośrodek Pomocy Społecznej Gdynia", "place": "w Gdyni", "kind": "OPS"})
	if got.Match.Decision != "SAME" || len(got.Match.Candidates) == 0 || got.Match.Candidates[0].Organisation.ID != "Organisation:mops-gdynia" || !got.Match.Candidates[0].Confident {
		t.Fatalf("MOPS Gdynia from a register row: %+v", got.Match)
	}
	names := map[string]bool{}
	for _, f := range got.Match.Candidates[0].Features {
		names[f.Name] = true
	}
	if !names["name"] || !names["same_unit"] || !names["kind"] {
		t.Errorf("the features do not explain the match: %+v", got.Match.Candidates[0].Features)
	}
	got = run(map[string]any{"name": "Miejski Ośrodek Pomocy Społecznej", "place": "Kraków"})
	for _, c := range got.Match.Candidates {
		if c.Confident {
			t.Errorf("a generic name in another town matched confidently: %+v", got.Match)
		}
	}
	if got.Match.Decision == "SAME" {
		t.Errorf("decision %s for a generic name elsewhere", got.Match.Decision)
	}
	if got := run(map[string]any{"name": "Towarzystwo Miłośników Żeglarstwa Lodowego"}); got.Match.Decision != "NEW" {
		t.Errorf("an unknown institution: %+v", got.Match)
	}
	create := `mutation($in: OrganisationInput!) { createOrganisation(input: $in) { id } }`
	if r := postAs(t, srv, testToken, create, map[string]any{"in": map[string]any{"id": "ops-psary", "name": "Gminny Ośrodek Pomocy Społecznej w Psarach",
		"kind": "OPS", "country": "PL", "identifiers": []map[string]any{{"scheme": "REGON", "value": "123456785"}},
		"cite": []map[string]any{{"source": "src-wzp-wizyta-studyjna-2021", "locator": "row 1"}}}}); len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	got = run(map[string]any{"name": "OPS Psary", "identifiers": []string{"REGON:123456785"}})
	if got.Match.Decision != "SAME" || got.Match.Candidates[0].Score != 1 || got.Match.Candidates[0].Organisation.ID != "Organisation:ops-psary" {
		t.Errorf("by identifier: %+v", got.Match)
	}
	r := postAs(t, srv, "", q, map[string]any{"in": map[string]any{"place": "Gdynia"}})
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" {
		t.Errorf("a match without a name or identifier: %v", r.Errors)
	}
}

// TestReconciliationAPI: /reconcile serves the W3C Reconciliation API as OpenRefine calls it:
// the manifest, then a form-encoded batch of queries with properties.
func TestReconciliationAPI(t *testing.T) {
	srv := testServer(t, seededStore(t))
	resp, err := http.Get(srv.URL + "/reconcile")
	if err != nil {
		t.Fatal(err)
	}
	var man map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&man); err != nil || resp.StatusCode != 200 {
		t.Fatalf("manifest: %v %d", err, resp.StatusCode)
	}
	resp.Body.Close()
	for _, k := range []string{"name", "identifierSpace", "schemaSpace", "defaultTypes", "versions"} {
		if man[k] == nil {
			t.Errorf("the manifest lacks %s: %v", k, man)
		}
	}
	queries := `{"q0": {"query": "MOPS Gdynia", "type": "Organisation", "limit": 3, "properties": [{"pid": "place", "v": "Gdynia"}]},
	  "q1": {"query": "Stowarzyszenie Na Rzecz Spółdzielni Socjalnych"}}`
	resp, err = http.PostForm(srv.URL+"/reconcile", url.Values{"queries": {queries}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var out map[string]struct {
		Result []struct {
			ID    string
			Score float64
			Match bool
			Type  []struct{ ID string }
		}
	}
	if err := json.Unmarshal(body, &out); err != nil || resp.StatusCode != 200 {
		t.Fatalf("queries: %v %d %s", err, resp.StatusCode, body)
	}
	if r := out["q0"].Result; len(r) == 0 || r[0].ID != "Organisation:mops-gdynia" || !r[0].Match || r[0].Score <= 50 || r[0].Type[0].ID != "Organisation" {
		t.Errorf("q0: %s", body)
	}
	if r := out["q1"].Result; len(r) == 0 || r[0].ID != "Organisation:snrss" {
		t.Errorf("q1: %s", body)
	}
	resp, err = http.PostForm(srv.URL+"/reconcile", url.Values{"queries": {`{"q0": {"query": "x", "properties": [{"pid": "colour", "v": "red"}]}}`}})
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 400 || !strings.Contains(string(body), "unknown property") || !strings.Contains(string(body), "BAD_USER_INPUT") {
		t.Errorf("an unknown property: %d %s", resp.StatusCode, body)
	}
}
