package memory

import (
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// TestDerivedDataFollowsChanges: stats and voivodeship filters answer from cached aggregates;
// every kind of change (a node added, a relation added, a relation deleted) must show in the
// next read.
func TestDerivedDataFollowsChanges(t *testing.T) {
	ctx := t.Context()
	s := New()
	cite := []ecosystem.Citation{{Source: "src", Locator: "¶1"}}
	v := &ecosystem.Place{Entity: ecosystem.Entity{Slug: "dolnoslaskie", Name: "dolnośląskie", Sources: cite}, Kind: ecosystem.PlaceVoivodeship, Country: "PL"}
	org := func(slug string, kind ecosystem.OrganisationKind) *ecosystem.Organisation {
		return &ecosystem.Organisation{Entity: ecosystem.Entity{Slug: slug, Name: "Org " + slug, Sources: cite}, Kind: kind, Country: "PL"}
	}
	rel := func(t ecosystem.RelationType, from, to ecosystem.NodeKey) *ecosystem.Relation {
		return &ecosystem.Relation{ID: ecosystem.RelationID(t, from, to), Type: t, From: from, To: to, Sources: cite}
	}
	a, b := org("a", ecosystem.KindNGO), org("b", ecosystem.KindWTZ)
	aIn := rel(ecosystem.RelLocatedIn, a.Key(), v.Key())
	bIn := rel(ecosystem.RelLocatedIn, b.Key(), v.Key())
	apply := func(cs store.ChangeSet) {
		t.Helper()
		if _, err := s.Apply(ctx, cs); err != nil {
			t.Fatal(err)
		}
	}
	check := func(step string, inV, rels int, top string) {
		t.Helper()
		st, err := s.Stats(ctx, store.StatsQuery{Top: 1})
		if err != nil {
			t.Fatal(err)
		}
		got := 0
		for _, c := range st.OrganisationsByVoivodeship {
			if c.Key == "dolnoslaskie" {
				got = c.Count
			}
		}
		total := 0
		for _, c := range st.Relations {
			total += c.Count
		}
		if got != inV || total != rels {
			t.Errorf("%s: stats count %d organisations in the voivodeship and %d relations, want %d and %d", step, got, total, inV, rels)
		}
		if len(st.MostConnected) != 1 || st.MostConnected[0].Organisation.Slug != top {
			t.Errorf("%s: most connected %v, want %s", step, st.MostConnected, top)
		}
		page, err := s.Organisations(ctx, store.OrganisationFilter{Voivodeship: "dolnoslaskie"}, store.OrganisationOrder{}, store.Page{First: 10})
		if err != nil {
			t.Fatal(err)
		}
		if page.TotalCount != inV {
			t.Errorf("%s: the voivodeship filter finds %d organisations, want %d", step, page.TotalCount, inV)
		}
		workshops, err := s.Organisations(ctx, store.OrganisationFilter{Kinds: []ecosystem.OrganisationKind{ecosystem.KindWTZ}}, store.OrganisationOrder{}, store.Page{First: 10})
		if err != nil {
			t.Fatal(err)
		}
		if want := min(inV, 2) - 1; workshops.TotalCount != want {
			t.Errorf("%s: the kind filter finds %d workshops, want %d", step, workshops.TotalCount, want)
		}
	}
	src := &ecosystem.Source{Entity: ecosystem.Entity{Slug: "src", Name: "Source"}, Kind: ecosystem.SourceArticle}
	apply(store.ChangeSet{PutNodes: []ecosystem.Node{src, v, a}, PutRelations: []*ecosystem.Relation{aIn}})
	check("one organisation", 1, 1, "a")
	apply(store.ChangeSet{PutNodes: []ecosystem.Node{b}, PutRelations: []*ecosystem.Relation{bIn, rel(ecosystem.RelServesArea, b.Key(), v.Key()), rel(ecosystem.RelCooperatesWith, a.Key(), b.Key()), rel(ecosystem.RelCommissions, a.Key(), b.Key())}})
	check("a second one, more connected", 2, 5, "b")
	apply(store.ChangeSet{DeleteRelations: []string{bIn.ID}})
	check("its seat removed", 2, 4, "a")
}

// TestThemeIndexFollowsChanges: hosts for a theme come from the derived theme index; a practice
// added on the theme, and a practice whose themes change, show in the next answer.
func TestThemeIndexFollowsChanges(t *testing.T) {
	ctx := t.Context()
	s := New()
	cite := []ecosystem.Citation{{Source: "src", Locator: "¶1"}}
	src := &ecosystem.Source{Entity: ecosystem.Entity{Slug: "src", Name: "Source"}, Kind: ecosystem.SourceArticle}
	org := func(slug string) *ecosystem.Organisation {
		return &ecosystem.Organisation{Entity: ecosystem.Entity{Slug: slug, Name: "Org " + slug, Sources: cite}, Kind: ecosystem.KindWTZ, Country: "PL"}
	}
	practice := func(slug string, themes ...ecosystem.Theme) *ecosystem.Practice {
		return &ecosystem.Practice{Entity: ecosystem.Entity{Slug: slug, Name: "Practice " + slug, Sources: cite}, Themes: themes}
	}
	practises := func(o *ecosystem.Organisation, p *ecosystem.Practice) *ecosystem.Relation {
		return &ecosystem.Relation{ID: ecosystem.RelationID(ecosystem.RelPractises, o.Key(), p.Key()), Type: ecosystem.RelPractises, From: o.Key(), To: p.Key(), Sources: cite}
	}
	hosts := func(step string, want ...string) {
		t.Helper()
		got, err := s.Hosts(ctx, store.HostQuery{Themes: []ecosystem.Theme{ecosystem.ThemeSupportedHousing}, Limit: 10})
		if err != nil {
			t.Fatal(err)
		}
		var slugs []string
		for _, m := range got {
			slugs = append(slugs, m.Organisation.Slug)
		}
		if len(slugs) != len(want) || (len(want) > 0 && !sameSet(slugs, want)) {
			t.Errorf("%s: hosts %v, want %v", step, slugs, want)
		}
	}
	a, b := org("a"), org("b")
	pa, pb := practice("pa", ecosystem.ThemeSupportedHousing), practice("pb", ecosystem.ThemeSocialServices)
	if _, err := s.Apply(ctx, store.ChangeSet{PutNodes: []ecosystem.Node{src, a, b, pa, pb}, PutRelations: []*ecosystem.Relation{practises(a, pa), practises(b, pb)}}); err != nil {
		t.Fatal(err)
	}
	hosts("one practice on the theme", "a")
	if _, err := s.Apply(ctx, store.ChangeSet{PutNodes: []ecosystem.Node{practice("pb", ecosystem.ThemeSocialServices, ecosystem.ThemeSupportedHousing)}}); err != nil {
		t.Fatal(err)
	}
	hosts("the other practice given the theme", "a", "b")
}

func sameSet(a, b []string) bool {
	m := map[string]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, v := range m {
		if v != 0 {
			return false
		}
	}
	return true
}
