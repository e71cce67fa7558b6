package match

import (
	"math"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
	"github.com/wtz-graph/kg/store/memory"
)

// fixture: two welfare centres of the two gminas called Spytkowice, each with its seat and an
// RJPS id, and a centre in Będzin.
func fixture(t *testing.T) store.Store {
	t.Helper()
	s := memory.New()
	cite := []ecosystem.Citation{{Source: "src", Locator: "row 1"}}
	place := func(slug, name, terc string, lat, lon float64) *ecosystem.Place {
		return &ecosystem.Place{Entity: ecosystem.Entity{Slug: slug, Name: name, Sources: cite}, Kind: ecosystem.PlaceVillage, Country: "PL", TERC: terc, Point: &ecosystem.GeoPoint{Lat: lat, Lon: lon}}
	}
	org := func(slug, name, rjps string) *ecosystem.Organisation {
		return &ecosystem.Organisation{Entity: ecosystem.Entity{Slug: slug, Name: name, Sources: cite}, Kind: ecosystem.KindOPS, Country: "PL",
			Identifiers: []ecosystem.Identifier{{Scheme: "RJPS", Value: rjps, Sources: cite}}}
	}
	seat := func(o, p string) *ecosystem.Relation {
		from, to := ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: o}, ecosystem.NodeKey{Type: ecosystem.NodePlace, Slug: p}
		return &ecosystem.Relation{ID: ecosystem.RelationID(ecosystem.RelLocatedIn, from, to), Type: ecosystem.RelLocatedIn, From: from, To: to, Sources: cite}
	}
	cs := store.ChangeSet{
		PutNodes: []ecosystem.Node{
			&ecosystem.Source{Entity: ecosystem.Entity{Slug: "src", Name: "Rejestr"}, Kind: ecosystem.SourceRegistry},
			place("spytkowice-wadowicki", "Spytkowice", "1218062", 49.9967, 19.5110),
			place("spytkowice-nowotarski", "Spytkowice", "1211092", 49.5774, 19.8334),
			place("bedzin", "Będzin", "2401011", 50.3262, 19.1285),
			org("gops-spytkowice-w", "Gminny Ośrodek Pomocy Społecznej w Spytkowicach", "1218062"),
			org("gops-spytkowice-n", "Gminny Ośrodek Pomocy Społecznej w Spytkowicach", "1211092"),
			org("mops-bedzin", "Miejski Ośrodek Pomocy Społecznej w Będzinie", "2401011"),
		},
		PutRelations: []*ecosystem.Relation{seat("gops-spytkowice-w", "spytkowice-wadowicki"), seat("gops-spytkowice-n", "spytkowice-nowotarski"), seat("mops-bedzin", "bedzin")},
	}
	if _, err := s.Apply(t.Context(), cs); err != nil {
		t.Fatal(err)
	}
	return s
}

func TestMatchDecides(t *testing.T) {
	s := fixture(t)
	cases := []struct {
		name     string
		q        Query
		decision Decision
		first    string
	}{
		{"name and gmina", Query{Name: "GOPS Spytkowice", TERC: "1218062", Kind: ecosystem.KindOPS}, Same, "gops-spytkowice-w"},
		{"name and the other gmina", Query{Name: "Gminny Ośrodek Pomocy Społecznej Spytkowice", TERC: "1211092"}, Same, "gops-spytkowice-n"},
		{"name and a point", Query{Name: "Gminny Ośrodek Pomocy Społecznej w Spytkowicach", Point: &ecosystem.GeoPoint{Lat: 49.58, Lon: 19.83}}, Same, "gops-spytkowice-n"},
		{"name alone: two homonyms", Query{Name: "Gminny Ośrodek Pomocy Społecznej w Spytkowicach"}, Ambiguous, ""},
		{"an inflected name and the town", Query{Name: "MOPS Będzin", TERC: "2401"}, Same, "mops-bedzin"},
		{"the identifier decides", Query{Name: "Ośrodek", Identifiers: []ecosystem.Identifier{{Scheme: "RJPS", Value: "1211092"}}}, Same, "gops-spytkowice-n"},
		{"nothing like it", Query{Name: "Spółdzielnia Socjalna Zielony Ogród", TERC: "2401011"}, New, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cands, err := Match(t.Context(), s, c.q, 5)
			if err != nil {
				t.Fatal(err)
			}
			d, best := Decide(cands)
			if d != c.decision || (c.first != "" && (best == nil || best.Organisation.Slug != c.first)) {
				t.Errorf("decision %s (%+v), want %s %s", d, cands, c.decision, c.first)
			}
		})
	}
	// Another RJPS id than the candidate's speaks against it, whatever the name.
	cands, err := Match(t.Context(), s, Query{Name: "Miejski Ośrodek Pomocy Społecznej w Będzinie", TERC: "2401011",
		Identifiers: []ecosystem.Identifier{{Scheme: "RJPS", Value: "9999999"}}}, 5)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cands {
		if c.Organisation.Slug == "mops-bedzin" && (c.Confident || c.Score > 0.2) {
			t.Errorf("a conflicting identifier still matches: %+v", c)
		}
	}
}

// TestFeaturesExplainTheScore: without an identifier, a candidate's score is the sum of its
// features' values times their weights (clamped to [0, 1]), so that a client can show why.
func TestFeaturesExplainTheScore(t *testing.T) {
	s := fixture(t)
	for _, q := range []Query{
		{Name: "GOPS Spytkowice", TERC: "1218062", Kind: ecosystem.KindOPS},
		{Name: "Gminny Ośrodek Pomocy Społecznej w Spytkowicach", Point: &ecosystem.GeoPoint{Lat: 49.58, Lon: 19.83}},
		{Name: "MOPS Będzin", TERC: "2401", Kind: ecosystem.KindWTZ},
	} {
		cands, err := Match(t.Context(), s, q, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(cands) == 0 {
			t.Fatalf("%q: no candidates", q.Name)
		}
		for _, c := range cands {
			sum := 0.0
			for _, f := range c.Features {
				sum += f.Value * f.Weight
			}
			if want := round(max(0, min(1, sum))); math.Abs(c.Score-want) > 0.0011 {
				t.Errorf("%q → %s: score %.3f, its features give %.3f (%+v)", q.Name, c.Organisation.Slug, c.Score, want, c.Features)
			}
		}
	}
}
