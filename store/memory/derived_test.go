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
	}
	src := &model.Source{Entity: model.Entity{Slug: "src", Name: "Source"}, Kind: model.SourceArticle}
	apply(store.ChangeSet{PutNodes: []model.Node{src, v, a}, PutRelations: []*model.Relation{aIn}})
	check("one organisation", 1, 1, "a")
	apply(store.ChangeSet{PutNodes: []model.Node{b}, PutRelations: []*model.Relation{bIn, rel(model.RelServesArea, b.Key(), v.Key()), rel(model.RelCooperatesWith, a.Key(), b.Key()), rel(model.RelCommissions, a.Key(), b.Key())}})
	check("a second one, more connected", 2, 5, "b")
	apply(store.ChangeSet{DeleteRelations: []string{bIn.ID}})
	check("its seat removed", 2, 4, "a")
}
