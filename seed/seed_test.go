package seed

import (
	"encoding/csv"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/geo"
	"github.com/wtz-graph/kg/polish"
)

// sharedDir is ../shared beside the repository, where the source documents and place data live.
const sharedDir = "../../shared"

func loadEmbedded(t *testing.T) *Dataset {
	t.Helper()
	ds, err := LoadEmbedded()
	if err != nil {
		t.Fatalf("embedded seed is invalid: %v", err)
	}
	return ds
}

func TestEmbeddedSeedIsValid(t *testing.T) {
	ds := loadEmbedded(t)
	counts := map[ecosystem.NodeType]int{}
	for _, n := range ds.Nodes {
		counts[n.Key().Type]++
	}
	for _, typ := range ecosystem.AllNodeTypes {
		if counts[typ] == 0 {
			t.Errorf("seed has no %s", typ.TypeName())
		}
	}
	for _, r := range ds.Relations {
		if len(r.Sources) == 0 {
			t.Errorf("relation %s %s → %s has no source", r.Type, r.From, r.To)
		}
	}
}

// TestEverySourceDocumentIsCited checks that each of the five source documents is a Source node
// and that facts cite it.
func TestEverySourceDocumentIsCited(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join(sharedDir, "seeds"))
	if err != nil {
		t.Skipf("source documents not available: %v", err)
	}
	ds := loadEmbedded(t)
	cited := map[string]int{}
	for _, r := range ds.Relations {
		for _, c := range r.Sources {
			cited[c.Source]++
		}
	}
	byFile := map[string]string{}
	for _, n := range ds.Nodes {
		if s, ok := n.(*ecosystem.Source); ok && s.File != "" {
			byFile[s.File] = s.Slug
		}
	}
	for _, e := range entries {
		slug, ok := byFile[e.Name()]
		if !ok {
			t.Errorf("no Source node for %s", e.Name())
			continue
		}
		if cited[slug] < 5 {
			t.Errorf("source %s (%s) is cited by only %d relations", slug, e.Name(), cited[slug])
		}
	}
}

// TestOwnWords checks that no description, note or topic copies a run of six or more words from
// a source document: facts are described in our own words.
func TestOwnWords(t *testing.T) {
	entries, err := os.ReadDir(filepath.Join(sharedDir, "seeds"))
	if err != nil {
		t.Skipf("source documents not available: %v", err)
	}
	const n = 6
	grams := map[string]string{}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(sharedDir, "seeds", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		words := strings.Fields(polish.Fold(string(data)))
		for i := 0; i+n <= len(words); i++ {
			grams[strings.Join(words[i:i+n], " ")] = e.Name()
		}
	}
	check := func(where, text string) {
		words := strings.Fields(polish.Fold(text))
		for i := 0; i+n <= len(words); i++ {
			g := strings.Join(words[i:i+n], " ")
			if src, ok := grams[g]; ok {
				t.Errorf("%s copies %q from %s", where, g, src)
				return
			}
		}
	}
	ds := loadEmbedded(t)
	for _, node := range ds.Nodes {
		e := node.Common()
		check(node.Key().String()+" description", e.Description)
		for _, c := range e.Sources {
			check(node.Key().String()+" citation note", c.Note)
		}
		if ev, ok := node.(*ecosystem.Event); ok {
			check(node.Key().String()+" dateNote", ev.DateNote)
		}
		if p, ok := node.(*ecosystem.Project); ok {
			check(node.Key().String()+" targetGroup", p.TargetGroup)
		}
	}
	for _, r := range ds.Relations {
		where := string(r.Type) + " " + r.From.String() + " → " + r.To.String()
		check(where+" topic", r.Topic)
		for _, c := range r.Sources {
			check(where+" citation note", c.Note)
		}
	}
}

// TestPlacesMatchSharedData checks the places file against ../shared/data/seed_places.csv:
// the same TERYT codes and coordinates for every place the source documents mention.
func TestPlacesMatchSharedData(t *testing.T) {
	f, err := os.Open(filepath.Join(sharedDir, "data", "seed_places.csv"))
	if err != nil {
		t.Skipf("place data not available: %v", err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	ds := loadEmbedded(t)
	byName := map[string]*ecosystem.Place{}
	for _, n := range ds.Nodes {
		if p, ok := n.(*ecosystem.Place); ok {
			byName[p.Name] = p
		}
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, row := range rows[1:] {
		name := row[col["name_pl"]]
		p, ok := byName[name]
		if !ok {
			t.Errorf("place %s is missing from the seed", name)
			continue
		}
		if p.TERC != row[col["teryt_terc7"]] || p.SIMC != row[col["simc"]] || p.Country != row[col["country"]] {
			t.Errorf("%s: TERC/SIMC/country = %s/%s/%s, data file says %s/%s/%s", name, p.TERC, p.SIMC, p.Country,
				row[col["teryt_terc7"]], row[col["simc"]], row[col["country"]])
		}
		if p.Point == nil || math.Abs(p.Point.Lat-parse(t, row[col["lat"]])) > 1e-6 || math.Abs(p.Point.Lon-parse(t, row[col["lon"]])) > 1e-6 {
			t.Errorf("%s: coordinates %v differ from the data file", name, p.Point)
		}
	}
}

func parse(t *testing.T, s string) float64 {
	t.Helper()
	var f float64
	if _, err := fmt.Sscan(s, &f); err != nil {
		t.Fatalf("bad number %q: %v", s, err)
	}
	return f
}

// TestVoivodeshipTableMatchesPlaces keeps geo.Voivodeships and the places file in step.
func TestVoivodeshipTableMatchesPlaces(t *testing.T) {
	ds := loadEmbedded(t)
	places := map[string]*ecosystem.Place{}
	for _, n := range ds.Nodes {
		if p, ok := n.(*ecosystem.Place); ok {
			places[p.Slug] = p
		}
	}
	for _, v := range geo.Voivodeships {
		p, ok := places[v.Slug]
		if !ok || p.Kind != ecosystem.PlaceVoivodeship || p.TERC != v.Code {
			t.Errorf("voivodeship %s (%s) has no matching place: %+v", v.Slug, v.Code, p)
		}
	}
}
