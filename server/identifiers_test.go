package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestIdentifiersAndContacts: an organisation is created with identifiers and contacts through
// the API, each value with its citation; it is found by organisation(identifier:), by the
// identifier filter and by searching its number; a bad check digit and an identifier another
// organisation holds are refused with clear messages and stable codes.
func TestIdentifiersAndContacts(t *testing.T) {
	srv := testServerWith(t, seededStore(t), map[string]string{"WRITE_TOKEN": testToken})
	create := `mutation($input: OrganisationInput!) { createOrganisation(input: $input) { id identifiers { key sources { source { id } locator } } address { postcode locality } phones { value sources { locator } } } }`
	input := func(id, name string, ids ...map[string]any) map[string]any {
		return map[string]any{"input": map[string]any{
			"id": id, "name": name, "kind": "OPS", "country": "PL",
			"identifiers": ids,
			"address":     map[string]any{"street": "ul. Szkolna", "number": "1", "postcode": "42-512", "locality": "Psary"},
			"phones":      []map[string]any{{"value": "(32) 267-50-15", "cite": []map[string]any{{"source": "src-wzp-wizyta-studyjna-2021", "locator": "row 7"}}}},
			"cite":        []map[string]any{{"source": "src-wzp-wizyta-studyjna-2021", "locator": "row 1"}},
		}}
	}
	r := postAs(t, srv, testToken, create, input("ops-psary", "Gminny Ośrodek Pomocy Społecznej w Psarach",
		map[string]any{"scheme": "krs", "value": "123456"}, map[string]any{"scheme": "NIP", "value": "526-000-12-46"}))
	if len(r.Errors) > 0 {
		t.Fatalf("create: %v", r.Errors)
	}
	for _, want := range []string{`"key":"KRS:0000123456"`, `"key":"NIP:5260001246"`, `"locator":"row 1"`, `"postcode":"42-512"`, `"locator":"row 7"`} {
		if !strings.Contains(string(r.Data), want) {
			t.Errorf("the created organisation lacks %s: %s", want, r.Data)
		}
	}
	for name, q := range map[string]string{
		"by identifier":     `{ organisation(identifier: "NIP:526 000 12 46") { id } }`,
		"by filter":         `{ organisations(filter: { identifier: "KRS:0000123456" }) { nodes { id } } }`,
		"search the number": `{ search(text: "0000123456") { nodes { node { id } score } } }`,
	} {
		r := postAs(t, srv, "", q, nil)
		if len(r.Errors) > 0 || !strings.Contains(string(r.Data), "Organisation:ops-psary") {
			t.Errorf("%s: %v %s", name, r.Errors, r.Data)
		}
	}
	for name, c := range map[string]struct {
		query string
		vars  map[string]any
		code  string
		says  string
	}{
		"a NIP with a wrong check digit": {create, input("ops-x", "Ośrodek X", map[string]any{"scheme": "NIP", "value": "5260001247"}), "BAD_USER_INPUT", "check digit"},
		"a KRS another organisation has": {create, input("ops-y", "Ośrodek Y", map[string]any{"scheme": "KRS", "value": "0000123456"}), "CONFLICT", "Organisation:ops-psary"},
		"an unknown identifier":          {`{ organisation(identifier: "KRS:0000999999") { id } }`, nil, "NOT_FOUND", "KRS:0000999999"},
		"an identifier without a scheme": {`{ organisation(identifier: "0000123456") { id } }`, nil, "BAD_USER_INPUT", "SCHEME:VALUE"},
		"both id and identifier":         {`{ organisation(id: "ops-psary", identifier: "KRS:0000123456") { id } }`, nil, "BAD_USER_INPUT", "not both"},
		"a malformed postcode": {create, func() map[string]any {
			in := input("ops-z", "Ośrodek Z")
			in["input"].(map[string]any)["address"] = map[string]any{"postcode": "42512"}
			return in
		}(), "BAD_USER_INPUT", "NN-NNN"},
	} {
		t.Run(name, func(t *testing.T) {
			r := postAs(t, srv, testToken, c.query, c.vars)
			if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != c.code || !strings.Contains(fmt.Sprint(r.Errors[0]), c.says) {
				t.Errorf("want %s saying %q: %v %s", c.code, c.says, r.Errors, r.Data)
			}
		})
	}
}
