package memory

import (
	"testing"

	"github.com/wtz-graph/kg/graph/model"
	"github.com/wtz-graph/kg/store"
)

// TestDerivedDataFollowsChanges: stats and voivodeship filters answer from cached aggregates;
// every kind of change (a node added, a relation added, a relation deleted) must show in the
// next read.
func TestDerivedDataFollowsChanges(t *testing.T) {
	ctx := t.Context()
	s := New()
	cite := []model.Citation{{Source: "src", Locator: "¶1"}}
	v := &model.Place{Entity: model.Entity{Slug: "dolnoslaskie", Name: "dolnośląskie", Sources: cite}, Kind: model.PlaceVoivodeship, Country: "PL"}
	org := func(slug string, kind model.OrganisationKind) *model.Organisation {
		return &model.Organisation{Entity: model.Entity{Slug: slug, Name: "Org " + slug, Sources: cite}, Kind: kind, Country: "PL"}
	}
	rel := func(t model.RelationType, from, to model.NodeKey) *model.Relation {
		return &model.Relation{ID: model.RelationID(t, from, to), Type: t, From: from, To: to, Sources: cite}
	}
	a, b := org("a", model.KindNGO), org("b", model.KindWTZ)
	aIn := rel(model.RelLocatedIn, a.Key(), v.Key())
	bIn := rel(model.RelLocatedIn, b.Key(), v.Key())
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
		workshops, err := s.Organisations(ctx, store.OrganisationFilter{Kinds: []model.OrganisationKind{model.KindWTZ}}, store.OrganisationOrder{}, store.Page{First: 10})
		if err != nil {
			t.Fatal(err)
		}
		if want := min(inV, 2) - 1; workshops.TotalCount != want {
			t.Errorf("%s: the kind filter finds %d workshops, want %d", step, workshops.TotalCount, want)
		}
	}
	src := &model.Source{Entity: model.Entity{Slug: "src", Name: "Source"}, Kind: model.SourceArticle}
	apply(store.ChangeSet{PutNodes: []model.Node{src, v, a}, PutRelations: []*model.Relation{aIn}})
	check("one organisation", 1, 1, "a")
	apply(store.ChangeSet{PutNodes: []model.Node{b}, PutRelations: []*model.Relation{bIn, rel(model.RelServesArea, b.Key(), v.Key()), rel(model.RelCooperatesWith, a.Key(), b.Key()), rel(model.RelCommissions, a.Key(), b.Key())}})
	check("a second one, more connected", 2, 5, "b")
	apply(store.ChangeSet{DeleteRelations: []string{bIn.ID}})
	check("its seat removed", 2, 4, "a")
}

// TestThemeIndexFollowsChanges: hosts for a theme come from the derived theme index; a practice
// added on the theme, and a practice whose themes change, show in the next answer.
func TestThemeIndexFollowsChanges(t *testing.T) {
	ctx := t.Context()
	s := New()
	cite := []model.Citation{{Source: "src", Locator: "¶1"}}
	src := &model.Source{Entity: model.Entity{Slug: "src", Name: "Source"}, Kind: model.SourceArticle}
	org := func(slug string) *model.Organisation {
		return &model.Organisation{Entity: model.Entity{Slug: slug, Name: "Org " + slug, Sources: cite}, Kind: model.KindWTZ, Country: "PL"}
	}
	practice := func(slug string, themes ...model.Theme) *model.Practice {
		return &model.Practice{Entity: model.Entity{Slug: slug, Name: "Practice " + slug, Sources: cite}, Themes: themes}
	}
	practises := func(o *model.Organisation, p *model.Practice) *model.Relation {
		return &model.Relation{ID: model.RelationID(model.RelPractises, o.Key(), p.Key()), Type: model.RelPractises, From: o.Key(), To: p.Key(), Sources: cite}
	}
	hosts := func(step string, want ...string) {
		t.Helper()
		got, err := s.Hosts(ctx, store.HostQuery{Themes: []model.Theme{model.ThemeSupportedHousing}, Limit: 10})
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
	pa, pb := practice("pa", model.ThemeSupportedHousing), practice("pb", model.ThemeSocialServices)
	if _, err := s.Apply(ctx, store.ChangeSet{PutNodes: []model.Node{src, a, b, pa, pb}, PutRelations: []*model.Relation{practises(a, pa), practises(b, pb)}}); err != nil {
		t.Fatal(err)
	}
	hosts("one practice on the theme", "a")
	if _, err := s.Apply(ctx, store.ChangeSet{PutNodes: []model.Node{practice("pb", model.ThemeSocialServices, model.ThemeSupportedHousing)}}); err != nil {
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
