package main

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/graph/model"
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
	page, err := s.Organisations(t.Context(), store.OrganisationFilter{Voivodeship: "slaskie", Kinds: []model.OrganisationKind{model.KindOPS}}, store.OrganisationOrder{}, store.Page{First: 1})
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
