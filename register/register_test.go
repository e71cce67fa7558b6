package register

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/gazetteer"
	"github.com/wtz-graph/kg/seed"
	"github.com/wtz-graph/kg/store"
	"github.com/wtz-graph/kg/store/memory"
)

// The test inputs in ../shared, never copied into the project.
var (
	shared   = filepath.Join("..", "..", "shared", "data")
	opsList  = filepath.Join(shared, "registers", "slaskie-ops-voivode-list.csv")
	dpsList  = filepath.Join(shared, "registers", "slaskie-dps.csv")
	tercFile = filepath.Join(shared, "teryt", "TERC_Adresowy_2026-01-01.csv")
)

var tercGazetteer = sync.OnceValues(func() (*gazetteer.Gazetteer, error) {
	f, err := os.Open(tercFile)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return gazetteer.Default().WithTERC(f)
})

func input(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("a test input is missing: %v", err)
		}
		t.Skipf("a test input is missing: %v", err)
	}
	return data
}

func mapping(t *testing.T, name string) *Mapping {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("..", "examples", "registers", name))
	if err != nil {
		t.Fatal(err)
	}
	m, err := ParseMapping(data)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func seeded(t *testing.T) store.Store {
	t.Helper()
	ds, err := seed.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	s := memory.New()
	if _, err := s.Apply(t.Context(), ds.ChangeSet()); err != nil {
		t.Fatal(err)
	}
	return s
}

// importRegister plans a register against s and applies it as the command does.
func importRegister(t *testing.T, s store.Store, m *Mapping, data []byte) (*Report, *seed.MergePlan) {
	t.Helper()
	g, err := tercGazetteer()
	if err != nil {
		t.Skipf("the TERC test input is missing: %v", err)
	}
	table, err := Read(data, m.Format, m.Columns.Names())
	if err != nil {
		t.Fatal(err)
	}
	doc, rep, err := (&Planner{Store: s, Gazetteer: g, Mapping: m}).Plan(t.Context(), table)
	if err != nil {
		t.Fatal(err)
	}
	ds, err := seed.Plan(t.Context(), "register", doc, store.ExistsIn(s))
	if err != nil {
		t.Fatalf("the planned document does not pass the import's checks: %v", err)
	}
	plan, err := seed.PlanMerge(t.Context(), ds, s)
	if err != nil {
		t.Fatal(err)
	}
	if !plan.Empty() {
		if _, err := s.Apply(t.Context(), plan.ChangeSet); err != nil {
			t.Fatal(err)
		}
	}
	return rep, plan
}

// TestSlaskieRegistersImportOnceAndReportEveryProblem: both śląskie files import with the
// mappings README shows; every quirk is reported by row and field; a second import of each
// changes nothing; the institutions are in the graph with their seat, contacts and citation.
func TestSlaskieRegistersImportOnceAndReportEveryProblem(t *testing.T) {
	s := seeded(t)
	ops, dps := input(t, opsList), input(t, dpsList)
	rep, plan := importRegister(t, s, mapping(t, "slaskie-ops.mapping.json"), ops)
	if rep.Rows != 167 || rep.New != 167 || rep.Skipped != 0 || plan.NodesCreated < 168 {
		t.Errorf("the welfare centres: %+v, %d created", rep, plan.NodesCreated)
	}
	readAs := 0
	for _, p := range rep.Problems {
		if p.Outcome == ReadAsSaid && p.Field == "gmina" {
			readAs++
		}
	}
	if readAs != 3 {
		t.Errorf("the three cut or padded gmina names are not reported: %v", rep.Problems)
	}
	rep, plan = importRegister(t, s, mapping(t, "slaskie-dps.mapping.json"), dps)
	if rep.Rows != 8 || rep.New != 4 || rep.Skipped != 4 || plan.NodesCreated != 5 {
		t.Errorf("the care homes: %+v, %d created", rep, plan.NodesCreated)
	}
	for _, p := range rep.Problems {
		if p.Outcome == RowSkipped && (p.Field != "gmina" || p.Row < 5) {
			t.Errorf("unexpected skip: %s", p)
		}
	}
	// Twice: nothing changes.
	for name, data := range map[string][]byte{"slaskie-ops.mapping.json": ops, "slaskie-dps.mapping.json": dps} {
		rep, plan := importRegister(t, s, mapping(t, name), data)
		if !plan.Empty() || rep.New != 0 {
			t.Errorf("a second import of %s changes %d nodes and %d relations (%d new rows): %v", name, plan.NodesCreated+plan.NodesUpdated,
				plan.RelationsCreated+plan.RelationsUpdated, rep.New, plan.Changes)
		}
	}
	// The centre of Będzin: seat in the gmina, within its powiat and voivodeship; contacts cited.
	page, err := s.Organisations(t.Context(), store.OrganisationFilter{Name: "Miejski Ośrodek Pomocy Społecznej w Będzinie"}, store.OrganisationOrder{}, store.Page{First: 5})
	if err != nil || len(page.Items) != 1 {
		t.Fatalf("MOPS Będzin: %v %v", page, err)
	}
	o := page.Items[0]
	if o.Kind != ecosystem.KindOPS || o.Address == nil || o.Address.Postcode != "42-500" || o.Address.Number != "1" || len(o.Phones) != 1 ||
		len(o.Emails) != 1 || o.Sources[0].Source != "src-slaskie-ops-wykaz" || o.Voivodeship != "slaskie" {
		t.Errorf("MOPS Będzin as imported: %+v %+v", o, o.Address)
	}
}

func TestReadEncodingsAndLayouts(t *testing.T) {
	m := mapping(t, "slaskie-ops.mapping.json")
	utf := "typ;wojewodztwo;powiat;gmina;nazwa;kod_pocztowy;miejscowosc;adres;telefon;email\r\n" +
		"GOPS;śląskie;będziński;Psary;\"Gminny Ośrodek\nPomocy Społecznej w Psarach\";42-512;Psary;ul. Szkolna 5;(32) 267 50 15;gops@psary.pl\r\n"
	cp1250, _ := charmap.Windows1250.NewEncoder().String(utf)
	iso, _ := charmap.ISO8859_2.NewEncoder().String(utf)
	cases := map[string]struct {
		data []byte
		enc  string
	}{
		"UTF-8":                 {[]byte(utf), "utf-8"},
		"UTF-8 with BOM":        {append([]byte("\xef\xbb\xbf"), utf...), "utf-8"},
		"CP1250":                {[]byte(cp1250), "cp1250"},
		"ISO-8859-2":            {[]byte(iso), "iso-8859-2"},
		"a title line above it": {[]byte("Wykaz ośrodków pomocy społecznej\r\n" + utf), "utf-8"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			table, err := Read(c.data, m.Format, m.Columns.Names())
			if err != nil {
				t.Fatal(err)
			}
			if table.Encoding != c.enc || table.Delimiter != ';' || len(table.Rows) != 1 {
				t.Fatalf("read as %s %q, %d rows", table.Encoding, table.Delimiter, len(table.Rows))
			}
			if got := table.Rows[0][table.Column("nazwa")]; got != "Gminny Ośrodek\nPomocy Społecznej w Psarach" {
				t.Errorf("the multi-line name: %q", got)
			}
		})
	}
	t.Run("XLSX", func(t *testing.T) {
		x := excelize.NewFile()
		rows := [][]any{{"Wykaz"}, {"typ", "wojewodztwo", "powiat", "gmina", "nazwa", "kod_pocztowy", "miejscowosc", "adres", "telefon", "email"},
			{"GOPS", "śląskie", "będziński", "Psary", "Gminny Ośrodek Pomocy Społecznej w Psarach", "42-512", "Psary", "ul. Szkolna 5", "", ""}}
		for i, r := range rows {
			cell, _ := excelize.CoordinatesToCellName(1, i+1)
			if err := x.SetSheetRow("Sheet1", cell, &r); err != nil {
				t.Fatal(err)
			}
		}
		var buf bytes.Buffer
		if err := x.Write(&buf); err != nil {
			t.Fatal(err)
		}
		table, err := Read(buf.Bytes(), m.Format, m.Columns.Names())
		if err != nil || table.Encoding != "xlsx" || len(table.Rows) != 1 || table.Rows[0][table.Column("gmina")] != "Psary" {
			t.Fatalf("XLSX: %v %+v", err, table)
		}
	})
}

// TestRowProblems: a wrong TERYT code, a point outside Poland or far from its gmina, a malformed
// postcode and e-mail are reported by row and field with what became of the row.
func TestRowProblems(t *testing.T) {
	data := "nazwa;typ;teryt;gmina;kod;email;lat;lon\n" +
		"Gminny Ośrodek Pomocy Społecznej w Psarach;GOPS;2401062;Psary;42512;gops-at-psary;50.38;19.12\n" +
		"Ośrodek Pomocy Społecznej w Będzinie;MOPS;2401011;Będzin;42-500;ops@bedzin.pl;-33.87;151.21\n" +
		"Ośrodek Pomocy Społecznej w Nigdzie;MOPS;2401999;Nigdzie;42-500;;;\n" +
		"Ośrodek Pomocy Społecznej w Czeladzi;MOPS;2401021;Wieliczka;41-250;;;\n" +
		"Ośrodek Pomocy Społecznej w Bobrownikach;GOPS;2401042;Bobrowniki;42-584;;19.0;50.4\n"
	m, err := ParseMapping([]byte(`{"source": {"id": "src-test", "title": "Test"},
	  "columns": {"name": "nazwa", "kind": "typ", "terc": "teryt", "gmina": "gmina", "postcode": "kod", "email": "email", "lat": "lat", "lon": "lon"},
	  "kinds": {"GOPS": "OPS", "MOPS": "OPS"}}`))
	if err != nil {
		t.Fatal(err)
	}
	s := seeded(t)
	g, err := tercGazetteer()
	if err != nil {
		t.Skip(err)
	}
	table, err := Read([]byte(data), m.Format, m.Columns.Names())
	if err != nil {
		t.Fatal(err)
	}
	_, rep, err := (&Planner{Store: s, Gazetteer: g, Mapping: m}).Plan(t.Context(), table)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range rep.Problems {
		got = append(got, p.String())
	}
	all := strings.Join(got, "\n")
	for _, want := range []string{
		`row 1 (line 2), postcode "42512": postcode "42512" is not NN-NNN (value left out)`,
		`row 1 (line 2), email "gops-at-psary"`,
		`row 2 (line 3), lat/lon "-33.87, 151.21": point -33.87000, 151.21000 lies outside Poland (value left out)`,
		`row 3 (line 4), terc "2401999": TERYT code 2401999 does not exist`,
		`row 4 (line 5), terc "2401021": TERYT code 2401021 is Czeladź`,
		`row 5 (line 6), lat/lon "19.0, 50.4"`, "swapped",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("the report lacks %q:\n%s", want, all)
		}
	}
	if rep.Skipped != 2 || rep.New != 3 {
		t.Errorf("%d skipped and %d new, want 2 and 3: %+v", rep.Skipped, rep.New, rep)
	}
}

func TestMappingProblems(t *testing.T) {
	for name, c := range map[string]struct{ mapping, says string }{
		"unknown field": {`{"source": {"id": "s", "title": "T"}, "colums": {}}`, "unknown field"},
		"no name":       {`{"source": {"id": "s", "title": "T"}, "columns": {"gmina": "g"}, "defaultKind": "OPS"}`, "columns.name"},
		"bad kind":      {`{"source": {"id": "s", "title": "T"}, "columns": {"name": "n", "gmina": "g", "kind": "k"}, "kinds": {"X": "CASTLE"}}`, "kinds.X"},
		"no place":      {`{"source": {"id": "s", "title": "T"}, "columns": {"name": "n"}, "defaultKind": "OPS"}`, "gmina, terc or locality"},
	} {
		if _, err := ParseMapping([]byte(c.mapping)); err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
