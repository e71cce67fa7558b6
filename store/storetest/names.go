package storetest

import (
	"strings"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// testNameClashes: store.NameClashes finds, through the interface, a stored entity of the same
// type whose name or alias normalises like a name of the entity to be written; every backend
// answers alike. Places with the same name but another TERYT code are no clash; neither is the
// entity itself, nor one the same write deletes.
func testNameClashes(t *testing.T, s store.Store) {
	f := newFixture(t)
	searchFixture(f)
	f.apply(s)
	cite := []ecosystem.Citation{{Source: fixtureSource, Locator: "¶new", Note: "New."}}
	org := func(slug, name string, aliases ...string) *ecosystem.Organisation {
		return &ecosystem.Organisation{Entity: ecosystem.Entity{Slug: slug, Name: name, Aliases: aliases, Sources: cite}, Kind: ecosystem.KindOPS, Country: "PL"}
	}
	cases := []struct {
		name  string
		cs    store.ChangeSet
		clash string // the key named, "" for none
	}{
		{"same name without diacritics", store.ChangeSet{PutNodes: []ecosystem.Node{org("mops-gdynia-2", "Miejski Osrodek Pomocy Spolecznej w GDYNI")}}, "Organisation:mops-gdynia"},
		{"an alias that is another's name", store.ChangeSet{PutNodes: []ecosystem.Node{org("nowy", "Nowy ośrodek", "MOPS Elbląg")}}, "Organisation:mops-elblag"},
		{"the entity itself", store.ChangeSet{PutNodes: []ecosystem.Node{org("mops-gdynia", "Miejski Ośrodek Pomocy Społecznej w Gdyni")}}, ""},
		{"another type", store.ChangeSet{PutNodes: []ecosystem.Node{&ecosystem.Person{Entity: ecosystem.Entity{Slug: "gdynia-person", Name: "Gdynia", Sources: cite}}}}, ""},
		{"a homonymous village elsewhere", store.ChangeSet{PutNodes: []ecosystem.Node{&ecosystem.Place{Entity: ecosystem.Entity{Slug: "gebice-2", Name: "Gębice", Sources: cite}, Kind: ecosystem.PlaceVillage, Country: "PL", TERC: "0202022"}}}, ""},
		{"a name the write frees", store.ChangeSet{PutNodes: []ecosystem.Node{org("mops-elblag-2", "MOPS Elbląg")}, DeleteNodes: []ecosystem.NodeKey{{Type: ecosystem.NodeOrganisation, Slug: "mops-elblag"}}}, ""},
		{"a different name", store.ChangeSet{PutNodes: []ecosystem.Node{org("mops-sopot", "Miejski Ośrodek Pomocy Społecznej w Sopocie")}}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			problems, err := store.NameClashes(t.Context(), s, tc.cs)
			if err != nil {
				t.Fatal(err)
			}
			switch {
			case tc.clash == "" && len(problems) > 0:
				t.Errorf("no clash expected, got %v", problems)
			case tc.clash != "" && (len(problems) != 1 || !strings.Contains(problems[0].Message, tc.clash) || problems[0].Field != "name"):
				t.Errorf("want one clash with %s, got %v", tc.clash, problems)
			}
		})
	}
}
