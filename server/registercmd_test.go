package main

import (
	"bytes"
	"encoding/base64"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
	"github.com/wtz-graph/kg/store/memory"
)

// TestRegisterImportCommand: `server register import` reads the śląskie voivode list with the
// mapping README shows, reports the quirks by row and field, imports into a new data directory
// after the seed, and a second run changes nothing; a broken mapping says what is wrong.
func TestRegisterImportCommand(t *testing.T) {
	list := filepath.Join("..", "..", "shared", "data", "registers", "slaskie-ops-voivode-list.csv")
	terc := filepath.Join("..", "..", "shared", "data", "teryt", "TERC_Adresowy_2026-01-01.csv")
	if _, err := os.Stat(list); err != nil {
		t.Skipf("the test input is missing: %v", err)
	}
	dir := t.TempDir()
	env := func(k string) string {
		return map[string]string{"DATA_DIR": dir, "GAZETTEER_TERC": terc, "LOG_LEVEL": "warn"}[k]
	}
	args := []string{"import", "-mapping", filepath.Join("..", "examples", "registers", "slaskie-ops.mapping.json"), list}
	var out bytes.Buffer
	if err := runRegister(t.Context(), args, env, &out, io.Discard); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{"applied the seed first", "167 rows (utf-8, delimiter \",\")", "167 are new",
		`row 96 (line 97), gmina "Żarki Miejsko": not a unit's name; read as Żarki (gmina miejsko-wiejska, powiat myszkowski, śląskie) (read as said)`,
		"imported"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the output lacks %q:\n%s", want, out.String())
		}
	}
	out.Reset()
	if err := runRegister(t.Context(), args, env, &out, io.Discard); err != nil || !strings.Contains(out.String(), "167 match organisations of the graph") ||
		!strings.Contains(out.String(), "nothing to change") {
		t.Fatalf("a second import: %v\n%s", err, out.String())
	}
	s, err := memory.Open(dir, discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(t.Context())
	page, err := s.Organisations(t.Context(), store.OrganisationFilter{Voivodeship: "slaskie", Kinds: []ecosystem.OrganisationKind{ecosystem.KindOPS}}, store.OrganisationOrder{}, store.Page{First: 1})
	if err != nil || page.TotalCount != 164 {
		t.Errorf("welfare centres (OPS) in śląskie after the import: %v %v", page, err)
	}
	bad := filepath.Join(t.TempDir(), "m.json")
	if err := os.WriteFile(bad, []byte(`{"source": {"id": "x", "title": "X"}, "columns": {"name": "nazwa"}}`), 0o600); err != nil {
		t.Fatal(err)
	}
	err = runRegister(t.Context(), []string{"import", "-mapping", bad, list}, env, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "gmina, terc or locality") {
		t.Errorf("a mapping that places nothing: %v", err)
	}
}

// TestImportRegisterMutation: the importRegister mutation takes a register and its mapping in
// the request, reports its rows' problems and ambiguities, and imports the rest; a second
// import changes nothing; XLSX comes in base64; a broken mapping is BAD_USER_INPUT.
func TestImportRegisterMutation(t *testing.T) {
	srv := testServerWith(t, seededStore(t), map[string]string{"WRITE_TOKEN": testToken})
	mapping, err := os.ReadFile(filepath.Join("..", "examples", "registers", "slaskie-ops.mapping.json"))
	if err != nil {
		t.Fatal(err)
	}
	csv := "typ,wojewodztwo,powiat,gmina,nazwa,kod_pocztowy,miejscowosc,adres,telefon,email\n" +
		"MOPS,śląskie,będziński,Będzin,Miejski Ośrodek Pomocy Społecznej w Będzinie,42-500,Będzin,ul. 11 Listopada 1,(32) 296-21-31,sekretariat@mops.bedzin.pl\n" +
		"GOPS,śląskie,będziński,Atlantyda,Gminny Ośrodek Pomocy Społecznej w Atlantydzie,42-500,Atlantyda,ul. Morska 1,,\n" +
		"GOPS,śląskie,będziński,Psary,Gminny Ośrodek Pomocy Społecznej w Psarach,42512,Psary,ul. Szkolna 5,,nie-adres\n"
	q := `mutation($c: String!, $m: String!, $dry: Boolean, $b: Boolean) { importRegister(content: $c, mapping: $m, dryRun: $dry, base64: $b) {
	  rows matched new skipped rowProblems { row line field value message outcome } ambiguous { row name candidates }
	  import { valid dryRun result { nodesCreated nodesUpdated relationsCreated } problems { path field message } } } }`
	r := postAs(t, srv, testToken, q, map[string]any{"c": csv, "m": string(mapping), "dry": true})
	if len(r.Errors) > 0 {
		t.Fatal(r.Errors)
	}
	for _, want := range []string{`"rows":3`, `"new":2`, `"skipped":1`, `"field":"gmina"`, `"outcome":"row skipped"`,
		`"field":"postcode","value":"42512"`, `"field":"email","value":"nie-adres"`, `"valid":true,"dryRun":true`} {
		if !strings.Contains(string(r.Data), want) {
			t.Errorf("the dry run lacks %s: %s", want, r.Data)
		}
	}
	r = postAs(t, srv, testToken, q, map[string]any{"c": csv, "m": string(mapping)})
	if len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"valid":true,"dryRun":false`) {
		t.Fatalf("import: %v %s", r.Errors, r.Data)
	}
	r = postAs(t, srv, testToken, q, map[string]any{"c": base64.StdEncoding.EncodeToString([]byte(csv)), "b": true, "m": string(mapping)})
	if len(r.Errors) > 0 || !strings.Contains(string(r.Data), `"matched":2,"new":0`) || !strings.Contains(string(r.Data), `"nodesCreated":0,"nodesUpdated":0,"relationsCreated":0`) {
		t.Errorf("a second import (in base64): %v %s", r.Errors, r.Data)
	}
	r = postAs(t, srv, testToken, q, map[string]any{"c": csv, "m": `{"source": {"id": "x"}}`})
	if len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "BAD_USER_INPUT" || !strings.Contains(r.Errors[0].Message, "mapping") {
		t.Errorf("a broken mapping: %v", r.Errors)
	}
	if r := postAs(t, srv, "", q, map[string]any{"c": csv, "m": string(mapping)}); len(r.Errors) == 0 || r.Errors[0].Extensions["code"] != "UNAUTHENTICATED" {
		t.Errorf("without a token: %v", r.Errors)
	}
}
