package storetest

import (
	"errors"
	"reflect"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// exists reports which of the keys name nodes in the store.
func exists(t *testing.T, s store.Store, ks ...ecosystem.NodeKey) []bool {
	t.Helper()
	ns, err := s.Nodes(t.Context(), ks)
	must(t, err)
	out := make([]bool, len(ns))
	for i, n := range ns {
		out[i] = n != nil
	}
	return out
}

// relationExists reports which of the relation ids exist in the store.
func relationExists(t *testing.T, s store.Store, ids ...string) []bool {
	t.Helper()
	rs, err := s.RelationsByID(t.Context(), ids)
	must(t, err)
	out := make([]bool, len(rs))
	for i, r := range rs {
		out[i] = r != nil
	}
	return out
}

func testApplyCounts(t *testing.T, s store.Store) {
	f := newFixture(t)
	a := f.org("alfa", "Alfa", ecosystem.KindNGO)
	b := f.org("beta", "Beta", ecosystem.KindNGO)
	ab := f.rel(ecosystem.RelCooperatesWith, a, b)
	if got, want := f.apply(s), (store.ApplyResult{NodesCreated: 3, RelationsCreated: 1}); got != want {
		t.Errorf("first change set: %+v, want %+v", got, want)
	}

	a2 := *a
	a2.Name = "Alfa 2"
	c := &ecosystem.Organisation{Entity: ecosystem.Entity{Slug: "gamma", Name: "Gamma", Sources: f.cite()}, Kind: ecosystem.KindNGO, Country: "PL"}
	ab2 := ab.Clone()
	ab2.Topic = "wspólny projekt"
	ac := newRelation(ecosystem.RelFounded, a.Key(), c.Key())
	ac.Sources = f.cite()
	res, err := s.Apply(t.Context(), store.ChangeSet{PutNodes: []ecosystem.Node{&a2, c}, PutRelations: []*ecosystem.Relation{ab2, ac}})
	must(t, err)
	if want := (store.ApplyResult{NodesCreated: 1, NodesUpdated: 1, RelationsCreated: 1, RelationsUpdated: 1}); res != want {
		t.Errorf("second change set: %+v, want %+v", res, want)
	}

	// Deleting beta deletes ab with it; ac is deleted explicitly.
	res, err = s.Apply(t.Context(), store.ChangeSet{DeleteNodes: []ecosystem.NodeKey{b.Key()}, DeleteRelations: []string{ac.ID}})
	must(t, err)
	if want := (store.ApplyResult{NodesDeleted: 1, RelationsDeleted: 2}); res != want {
		t.Errorf("third change set: %+v, want %+v", res, want)
	}
	if got := exists(t, s, a.Key(), b.Key(), c.Key()); !reflect.DeepEqual(got, []bool{true, false, true}) {
		t.Errorf("alfa, beta, gamma exist: %v, want [true false true]", got)
	}
	if got := relationExists(t, s, ab.ID, ac.ID); !reflect.DeepEqual(got, []bool{false, false}) {
		t.Errorf("relations exist: %v, want none", got)
	}
}

func testApplyPutReplacesWhole(t *testing.T, s store.Store) {
	f := newFixture(t)
	a := f.org("alfa", "Alfa", ecosystem.KindNGO)
	a.Aliases = []string{"Stara nazwa"}
	a.Website = "https://alfa.example.org"
	a.Statuses = []string{"OPP"}
	b := f.org("beta", "Beta", ecosystem.KindNGO)
	r := f.rel(ecosystem.RelCooperatesWith, a, b)
	r.Title = "umowa"
	f.apply(s)

	replacement := &ecosystem.Organisation{Entity: ecosystem.Entity{Slug: "alfa", Name: "Alfa Nowa", Sources: f.cite()}, Kind: ecosystem.KindFoundation, Country: "PL"}
	r2 := newRelation(r.Type, r.From, r.To)
	r2.Topic = "nowy temat"
	r2.Sources = f.cite()
	_, err := s.Apply(t.Context(), store.ChangeSet{PutNodes: []ecosystem.Node{replacement}, PutRelations: []*ecosystem.Relation{r2}})
	must(t, err)

	got, err := s.Nodes(t.Context(), []ecosystem.NodeKey{a.Key()})
	must(t, err)
	o := got[0].(*ecosystem.Organisation)
	if o.Name != "Alfa Nowa" || o.Kind != ecosystem.KindFoundation || len(o.Aliases) != 0 || o.Website != "" || len(o.Statuses) != 0 {
		t.Errorf("put did not replace the node whole: %s", show(o))
	}
	if !reflect.DeepEqual(o.Sources, replacement.Sources) {
		t.Errorf("sources %s, want %s", show(o.Sources), show(replacement.Sources))
	}
	// Replacing a node keeps its relations.
	rels, err := s.Relations(t.Context(), []ecosystem.NodeKey{a.Key()}, store.RelationQuery{})
	must(t, err)
	if len(rels[0]) != 1 || !reflect.DeepEqual(rels[0][0], r2) {
		t.Errorf("relations after replacing the node: %s, want the replaced relation %s", show(rels[0]), show(r2))
	}
	// Search follows the new name and forgets the old alias.
	hits, err := s.Search(t.Context(), store.SearchQuery{Text: "Stara nazwa", Limit: 10})
	must(t, err)
	if len(hits) != 0 {
		t.Errorf("the replaced alias is still found: %s", show(hits))
	}
	hits, err = s.Search(t.Context(), store.SearchQuery{Text: "Alfa Nowa", Limit: 10})
	must(t, err)
	if len(hits) == 0 || hits[0].Node != a.Key() {
		t.Errorf("the new name is not found first: %s", show(hits))
	}
}

func testApplyInputNotRetained(t *testing.T, s store.Store) {
	f := newFixture(t)
	a := f.org("alfa", "Alfa", ecosystem.KindNGO)
	a.Aliases = []string{"A"}
	a.Statuses = []string{"OPP"}
	b := f.org("beta", "Beta", ecosystem.KindNGO)
	r := f.rel(ecosystem.RelCooperatesWith, a, b)
	wantOrg := *a
	wantOrg.Aliases = []string{"A"}
	wantOrg.Statuses = []string{"OPP"}
	wantOrg.Sources = append([]ecosystem.Citation(nil), a.Sources...)
	wantRel := r.Clone()
	f.apply(s)

	a.Name = "changed"
	a.Aliases[0] = "changed"
	a.Statuses[0] = "changed"
	a.Sources[0].Note = "changed"
	r.Sources[0].Note = "changed"
	r.Topic = "changed"

	got, err := s.Nodes(t.Context(), []ecosystem.NodeKey{a.Key()})
	must(t, err)
	if !reflect.DeepEqual(got[0], &wantOrg) {
		t.Errorf("changing the applied node changed the store: %s", show(got[0]))
	}
	rels, err := s.RelationsByID(t.Context(), []string{r.ID})
	must(t, err)
	if !reflect.DeepEqual(rels[0], wantRel) {
		t.Errorf("changing the applied relation changed the store: %s", show(rels[0]))
	}
}

func testApplyAtomic(t *testing.T, s store.Store) {
	f := newFixture(t)
	a := f.org("alfa", "Alfa", ecosystem.KindNGO)
	b := f.org("beta", "Beta", ecosystem.KindNGO)
	old := f.rel(ecosystem.RelCooperatesWith, a, b)
	f.apply(s)

	renamed := *a
	renamed.Name = "Alfa Zmieniona"
	c := &ecosystem.Organisation{Entity: ecosystem.Entity{Slug: "gamma", Name: "Gamma", Sources: f.cite()}, Kind: ecosystem.KindNGO, Country: "PL"}
	good := newRelation(ecosystem.RelFounded, a.Key(), c.Key())
	good.Sources = f.cite()
	bad := newRelation(ecosystem.RelCooperatesWith, a.Key(), ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "missing"})
	bad.Sources = f.cite()
	cs := store.ChangeSet{
		PutNodes:        []ecosystem.Node{&renamed, c},
		PutRelations:    []*ecosystem.Relation{good, bad},
		DeleteRelations: []string{old.ID},
		DeleteNodes:     []ecosystem.NodeKey{b.Key()},
	}
	res, err := s.Apply(t.Context(), cs)
	wantErr(t, err, store.ErrInvalid)
	var ve *store.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v is not a *store.ValidationError", err)
	}
	if res != (store.ApplyResult{}) {
		t.Errorf("a rejected change set reports %+v", res)
	}

	got, err := s.Nodes(t.Context(), []ecosystem.NodeKey{a.Key(), b.Key(), c.Key()})
	must(t, err)
	if got[0] == nil || got[0].Common().Name != "Alfa" {
		t.Errorf("alfa was changed: %s", show(got[0]))
	}
	if got[1] == nil {
		t.Error("beta was deleted")
	}
	if got[2] != nil {
		t.Error("gamma was created")
	}
	if ok := relationExists(t, s, old.ID, good.ID); !reflect.DeepEqual(ok, []bool{true, false}) {
		t.Errorf("old and new relation exist: %v, want [true false]", ok)
	}
	hits, err := s.Search(t.Context(), store.SearchQuery{Text: "Gamma", Limit: 10})
	must(t, err)
	if len(hits) != 0 {
		t.Errorf("the rejected node is searchable: %s", show(hits))
	}
}

func testApplyProblems(t *testing.T, s store.Store) {
	f := newFixture(t)
	alfa := f.org("alfa", "Alfa", ecosystem.KindNGO)
	beta := f.org("beta", "Beta", ecosystem.KindNGO)
	anna := f.person("anna", "Anna Nowak")
	forum := f.event("forum", "Forum", ecosystem.EventForum, date(2020, 0, 0), nil)
	f.apply(s)

	missing := ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "missing"}
	cite := func() []ecosystem.Citation { return []ecosystem.Citation{{Source: fixtureSource}} }
	rel := func(typ ecosystem.RelationType, from, to ecosystem.NodeKey) *ecosystem.Relation {
		r := newRelation(typ, from, to)
		r.Sources = cite()
		return r
	}
	gamma := func() *ecosystem.Organisation {
		return &ecosystem.Organisation{Entity: ecosystem.Entity{Slug: "gamma", Name: "Gamma", Sources: cite()}, Kind: ecosystem.KindNGO, Country: "PL"}
	}
	cases := []struct {
		name  string
		cs    func() store.ChangeSet
		field string
	}{
		{"dangling from", func() store.ChangeSet {
			return store.ChangeSet{PutRelations: []*ecosystem.Relation{rel(ecosystem.RelCooperatesWith, missing, alfa.Key())}}
		}, "from"},
		{"dangling to", func() store.ChangeSet {
			return store.ChangeSet{PutRelations: []*ecosystem.Relation{rel(ecosystem.RelCooperatesWith, alfa.Key(), missing)}}
		}, "to"},
		{"end deleted in the same change set", func() store.ChangeSet {
			return store.ChangeSet{DeleteNodes: []ecosystem.NodeKey{beta.Key()}, PutRelations: []*ecosystem.Relation{rel(ecosystem.RelCooperatesWith, alfa.Key(), beta.Key())}}
		}, "to"},
		{"relation cites a missing source", func() store.ChangeSet {
			r := rel(ecosystem.RelCooperatesWith, alfa.Key(), beta.Key())
			r.Sources = []ecosystem.Citation{{Source: "missing-source"}}
			return store.ChangeSet{PutRelations: []*ecosystem.Relation{r}}
		}, "sources[0].source"},
		{"node cites a missing source", func() store.ChangeSet {
			g := gamma()
			g.Sources = append(g.Sources, ecosystem.Citation{Source: "missing-source"})
			return store.ChangeSet{PutNodes: []ecosystem.Node{g}}
		}, "sources[1].source"},
		{"relation without a citation", func() store.ChangeSet {
			r := rel(ecosystem.RelCooperatesWith, alfa.Key(), beta.Key())
			r.Sources = nil
			return store.ChangeSet{PutRelations: []*ecosystem.Relation{r}}
		}, "sources"},
		{"node without a citation", func() store.ChangeSet {
			g := gamma()
			g.Sources = nil
			return store.ChangeSet{PutNodes: []ecosystem.Node{g}}
		}, "sources"},
		{"start not allowed for the type", func() store.ChangeSet {
			return store.ChangeSet{PutRelations: []*ecosystem.Relation{rel(ecosystem.RelHosted, anna.Key(), forum.Key())}}
		}, "type"},
		{"end not allowed for the type", func() store.ChangeSet {
			return store.ChangeSet{PutRelations: []*ecosystem.Relation{rel(ecosystem.RelCooperatesWith, alfa.Key(), forum.Key())}}
		}, "type"},
		{"unknown relation type", func() store.ChangeSet {
			return store.ChangeSet{PutRelations: []*ecosystem.Relation{rel("LIKES", alfa.Key(), beta.Key())}}
		}, "type"},
		{"relation id not derived", func() store.ChangeSet {
			r := rel(ecosystem.RelCooperatesWith, alfa.Key(), beta.Key())
			r.ID = "rel-0000000000000000"
			return store.ChangeSet{PutRelations: []*ecosystem.Relation{r}}
		}, "id"},
		{"relation id of another type", func() store.ChangeSet {
			r := rel(ecosystem.RelCooperatesWith, alfa.Key(), beta.Key())
			r.ID = ecosystem.RelationID(ecosystem.RelFounded, alfa.Key(), beta.Key())
			return store.ChangeSet{PutRelations: []*ecosystem.Relation{r}}
		}, "id"},
		{"relation joins a node to itself", func() store.ChangeSet {
			return store.ChangeSet{PutRelations: []*ecosystem.Relation{rel(ecosystem.RelCooperatesWith, alfa.Key(), alfa.Key())}}
		}, "to"},
		{"same relation twice", func() store.ChangeSet {
			r := rel(ecosystem.RelCooperatesWith, alfa.Key(), beta.Key())
			return store.ChangeSet{PutRelations: []*ecosystem.Relation{r, r.Clone()}}
		}, "id"},
		{"same node twice", func() store.ChangeSet {
			return store.ChangeSet{PutNodes: []ecosystem.Node{gamma(), gamma()}}
		}, "id"},
		{"existing node twice", func() store.ChangeSet {
			a := *alfa
			return store.ChangeSet{PutNodes: []ecosystem.Node{&a, &a}}
		}, "id"},
		{"malformed slug", func() store.ChangeSet {
			g := gamma()
			g.Slug = "Zła nazwa"
			return store.ChangeSet{PutNodes: []ecosystem.Node{g}}
		}, "id"},
		{"unknown organisation kind", func() store.ChangeSet {
			g := gamma()
			g.Kind = "GUILD"
			return store.ChangeSet{PutNodes: []ecosystem.Node{g}}
		}, "kind"},
		{"missing node", func() store.ChangeSet {
			return store.ChangeSet{PutNodes: []ecosystem.Node{nil}}
		}, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Apply(t.Context(), c.cs())
			wantErr(t, err, store.ErrInvalid)
			if errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrNotFound) {
				t.Errorf("an invalid change set also reports %v", err)
			}
			var ve *store.ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %v is not a *store.ValidationError", err)
			}
			found := false
			for _, p := range ve.Problems {
				found = found || p.Field == c.field
			}
			if !found {
				t.Errorf("no problem with field %q among %s", c.field, show(ve.Problems))
			}
		})
	}

	// None of the rejected change sets changed anything.
	if got := exists(t, s, alfa.Key(), beta.Key(), ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "gamma"}); !reflect.DeepEqual(got, []bool{true, true, false}) {
		t.Errorf("alfa, beta, gamma exist: %v, want [true true false]", got)
	}
	rels, err := s.Relations(t.Context(), []ecosystem.NodeKey{alfa.Key(), beta.Key()}, store.RelationQuery{})
	must(t, err)
	if len(rels[0])+len(rels[1]) != 0 {
		t.Errorf("rejected relations were stored: %s", show(rels))
	}
}

func testApplyReportsEveryProblem(t *testing.T, s store.Store) {
	f := newFixture(t)
	alfa := f.org("alfa", "Alfa", ecosystem.KindNGO)
	anna := f.person("anna", "Anna Nowak")
	f.apply(s)

	dangling := newRelation(ecosystem.RelCooperatesWith, alfa.Key(), ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "missing"})
	dangling.Sources = []ecosystem.Citation{{Source: fixtureSource}}
	wrongType := newRelation(ecosystem.RelFounded, anna.Key(), alfa.Key())
	wrongType.Sources = []ecosystem.Citation{{Source: fixtureSource}}
	uncited := &ecosystem.Organisation{Entity: ecosystem.Entity{Slug: "gamma", Name: "Gamma"}, Kind: ecosystem.KindNGO, Country: "PL"}
	_, err := s.Apply(t.Context(), store.ChangeSet{PutNodes: []ecosystem.Node{uncited}, PutRelations: []*ecosystem.Relation{dangling, wrongType}})
	var ve *store.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v is not a *store.ValidationError", err)
	}
	fields := map[string]bool{}
	for _, p := range ve.Problems {
		fields[p.Field] = true
		if p.Path == "" || p.Message == "" {
			t.Errorf("problem without a path or message: %s", show(p))
		}
	}
	for _, want := range []string{"to", "type", "sources"} {
		if !fields[want] {
			t.Errorf("no problem with field %q among %s", want, show(ve.Problems))
		}
	}
}

func testApplyDeleteNodeDeletesRelations(t *testing.T, s store.Store) {
	f := newFixture(t)
	a := f.org("alfa", "Fundacja Alfa", ecosystem.KindFoundation)
	b := f.org("beta", "Beta", ecosystem.KindNGO)
	c := f.org("gamma", "Gamma", ecosystem.KindNGO)
	ab := f.rel(ecosystem.RelCooperatesWith, a, b)
	ca := f.rel(ecosystem.RelFounded, c, a)
	bc := f.rel(ecosystem.RelMemberOf, b, c)
	f.apply(s)

	res, err := s.Apply(t.Context(), store.ChangeSet{DeleteNodes: []ecosystem.NodeKey{a.Key()}})
	must(t, err)
	if want := (store.ApplyResult{NodesDeleted: 1, RelationsDeleted: 2}); res != want {
		t.Errorf("result %+v, want %+v", res, want)
	}
	if got := relationExists(t, s, ab.ID, ca.ID, bc.ID); !reflect.DeepEqual(got, []bool{false, false, true}) {
		t.Errorf("relations exist: %v, want [false false true]", got)
	}
	rels, err := s.Relations(t.Context(), []ecosystem.NodeKey{b.Key(), c.Key(), a.Key()}, store.RelationQuery{})
	must(t, err)
	if len(rels[0]) != 1 || len(rels[1]) != 1 || rels[2] != nil {
		t.Errorf("relations of beta, gamma and the deleted alfa: %s", show(rels))
	}
	nb, err := s.Neighbourhood(t.Context(), store.NeighbourhoodQuery{Center: b.Key(), Depth: 2, Limit: 10})
	must(t, err)
	if len(nb.Nodes) != 2 {
		t.Errorf("neighbourhood of beta still reaches the deleted node: %s", show(nb.Nodes))
	}
	hits, err := s.Search(t.Context(), store.SearchQuery{Text: "Fundacja Alfa", Limit: 10})
	must(t, err)
	if len(hits) != 0 {
		t.Errorf("the deleted node is still found: %s", show(hits))
	}
	page, err := s.Organisations(t.Context(), store.OrganisationFilter{}, store.OrganisationOrder{Field: store.OrderByName}, store.Page{First: 10})
	must(t, err)
	if page.TotalCount != 2 {
		t.Errorf("%d organisations listed after the deletion, want 2", page.TotalCount)
	}
}

func testApplyDeleteTwice(t *testing.T, s store.Store) {
	f := newFixture(t)
	a := f.org("alfa", "Alfa", ecosystem.KindNGO)
	b := f.org("beta", "Beta", ecosystem.KindNGO)
	ab := f.rel(ecosystem.RelCooperatesWith, a, b)
	f.apply(s)

	// The contract does not say whether listing a deletion twice is malformed; either way it
	// must not be counted twice.
	res, err := s.Apply(t.Context(), store.ChangeSet{
		DeleteNodes:     []ecosystem.NodeKey{a.Key(), a.Key()},
		DeleteRelations: []string{ab.ID, ab.ID},
	})
	if err != nil {
		wantErr(t, err, store.ErrInvalid)
		if got := exists(t, s, a.Key()); !got[0] {
			t.Error("a rejected change set deleted the node")
		}
		return
	}
	if want := (store.ApplyResult{NodesDeleted: 1, RelationsDeleted: 1}); res != want {
		t.Errorf("result %+v, want %+v", res, want)
	}
}

func testApplyDeleteMissing(t *testing.T, s store.Store) {
	f := newFixture(t)
	a := f.org("alfa", "Alfa", ecosystem.KindNGO)
	b := f.org("beta", "Beta", ecosystem.KindNGO)
	ab := f.rel(ecosystem.RelCooperatesWith, a, b)
	f.apply(s)

	gamma := &ecosystem.Organisation{Entity: ecosystem.Entity{Slug: "gamma", Name: "Gamma", Sources: f.cite()}, Kind: ecosystem.KindNGO, Country: "PL"}
	cases := []struct {
		name string
		cs   store.ChangeSet
	}{
		{"node", store.ChangeSet{
			PutNodes:        []ecosystem.Node{gamma},
			DeleteRelations: []string{ab.ID},
			DeleteNodes:     []ecosystem.NodeKey{{Type: ecosystem.NodeOrganisation, Slug: "missing"}},
		}},
		{"node of another type", store.ChangeSet{
			PutNodes:    []ecosystem.Node{gamma},
			DeleteNodes: []ecosystem.NodeKey{b.Key(), {Type: ecosystem.NodePerson, Slug: "alfa"}},
		}},
		{"relation", store.ChangeSet{
			PutNodes:        []ecosystem.Node{gamma},
			DeleteNodes:     []ecosystem.NodeKey{b.Key()},
			DeleteRelations: []string{ecosystem.RelationID(ecosystem.RelFounded, a.Key(), b.Key())},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Apply(t.Context(), c.cs)
			wantErr(t, err, store.ErrNotFound)
			if got := exists(t, s, a.Key(), b.Key(), gamma.Key()); !reflect.DeepEqual(got, []bool{true, true, false}) {
				t.Errorf("alfa, beta, gamma exist: %v, want [true true false]", got)
			}
			if got := relationExists(t, s, ab.ID); !got[0] {
				t.Error("the relation was deleted")
			}
		})
	}
}

func testApplyDeleteCitedSource(t *testing.T, s store.Store) {
	f := newFixture(t)
	artykul := f.source("artykul", "Artykuł")
	raport := f.source("raport", "Raport")
	unused := f.source("nieuzywany", "Nieużywany")
	a := f.org("alfa", "Alfa", ecosystem.KindNGO)
	a.Sources = append(a.Sources, ecosystem.Citation{Source: "artykul", Locator: "¶1"})
	b := f.org("beta", "Beta", ecosystem.KindNGO)
	c := f.org("gamma", "Gamma", ecosystem.KindNGO)
	ab := f.rel(ecosystem.RelCooperatesWith, a, b)
	ab.Sources = append(ab.Sources, ecosystem.Citation{Source: "artykul", Locator: "¶2"})
	bc := f.rel(ecosystem.RelMemberOf, b, c)
	bc.Sources = []ecosystem.Citation{{Source: "raport", Locator: "p. 4"}}
	f.apply(s)

	uncited := func(n *ecosystem.Organisation) *ecosystem.Organisation {
		c := *n
		c.Sources = []ecosystem.Citation{{Source: fixtureSource}}
		return &c
	}
	conflicts := []struct {
		name string
		cs   store.ChangeSet
	}{
		{"cited by a node and a relation", store.ChangeSet{
			DeleteNodes: []ecosystem.NodeKey{artykul.Key(), unused.Key()},
		}},
		{"still cited by a relation", store.ChangeSet{
			DeleteNodes: []ecosystem.NodeKey{artykul.Key(), unused.Key()},
			PutNodes:    []ecosystem.Node{uncited(a)},
		}},
		{"still cited by a node", store.ChangeSet{
			DeleteNodes:     []ecosystem.NodeKey{artykul.Key(), unused.Key()},
			DeleteRelations: []string{ab.ID},
		}},
	}
	for _, c := range conflicts {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Apply(t.Context(), c.cs)
			wantErr(t, err, store.ErrConflict)
			if errors.Is(err, store.ErrInvalid) {
				t.Errorf("a conflict also reports ErrInvalid: %v", err)
			}
			if got := exists(t, s, artykul.Key(), unused.Key()); !reflect.DeepEqual(got, []bool{true, true}) {
				t.Errorf("sources exist: %v, want both", got)
			}
			if got := relationExists(t, s, ab.ID); !got[0] {
				t.Error("the relation was deleted")
			}
			ns, err := s.Nodes(t.Context(), []ecosystem.NodeKey{a.Key()})
			must(t, err)
			if !reflect.DeepEqual(ns[0].Common().Sources, a.Sources) {
				t.Errorf("alfa was replaced: %s", show(ns[0]))
			}
		})
	}

	t.Run("no longer cited", func(t *testing.T) {
		_, err := s.Apply(t.Context(), store.ChangeSet{
			DeleteNodes:     []ecosystem.NodeKey{artykul.Key()},
			DeleteRelations: []string{ab.ID},
			PutNodes:        []ecosystem.Node{uncited(a)},
		})
		must(t, err)
		sources, err := s.Sources(t.Context())
		must(t, err)
		if got := slugs(sources); !reflect.DeepEqual(got, []string{fixtureSource, "nieuzywany", "raport"}) {
			t.Errorf("sources %v after the deletion", got)
		}
	})

	t.Run("citing relation replaced", func(t *testing.T) {
		recited := bc.Clone()
		recited.Sources = []ecosystem.Citation{{Source: fixtureSource, Locator: "¶9"}}
		_, err := s.Apply(t.Context(), store.ChangeSet{
			DeleteNodes:  []ecosystem.NodeKey{raport.Key()},
			PutRelations: []*ecosystem.Relation{recited},
		})
		must(t, err)
		rs, err := s.RelationsByID(t.Context(), []string{bc.ID})
		must(t, err)
		if !reflect.DeepEqual(rs[0], recited) {
			t.Errorf("relation %s, want %s", show(rs[0]), show(recited))
		}
		if got := exists(t, s, raport.Key()); got[0] {
			t.Error("the source was not deleted")
		}
	})
}

func testApplyDeletionsRunFirst(t *testing.T, s store.Store) {
	f := newFixture(t)
	a := f.org("alfa", "Alfa", ecosystem.KindNGO)
	b := f.org("beta", "Beta", ecosystem.KindNGO)
	ab := f.rel(ecosystem.RelCooperatesWith, a, b)
	ba := f.rel(ecosystem.RelCooperatesWith, b, a)
	f.apply(s)

	again := *a
	again.Name = "Alfa Odnowiona"
	ba2 := ba.Clone()
	ba2.Topic = "po odnowieniu"
	res, err := s.Apply(t.Context(), store.ChangeSet{
		DeleteNodes:     []ecosystem.NodeKey{a.Key()},
		PutNodes:        []ecosystem.Node{&again},
		DeleteRelations: []string{ab.ID},
	})
	must(t, err)
	if want := (store.ApplyResult{NodesDeleted: 1, NodesCreated: 1, RelationsDeleted: 2}); res != want {
		t.Errorf("result %+v, want %+v", res, want)
	}
	got, err := s.Nodes(t.Context(), []ecosystem.NodeKey{a.Key()})
	must(t, err)
	if got[0] == nil || got[0].Common().Name != "Alfa Odnowiona" {
		t.Errorf("alfa after delete and put: %s", show(got[0]))
	}
	if ok := relationExists(t, s, ab.ID, ba.ID); !reflect.DeepEqual(ok, []bool{false, false}) {
		t.Errorf("relations of the deleted node survived: %v", ok)
	}

	res, err = s.Apply(t.Context(), store.ChangeSet{PutRelations: []*ecosystem.Relation{ba}})
	must(t, err)
	if res.RelationsCreated != 1 {
		t.Errorf("result %+v, want one relation created", res)
	}
	res, err = s.Apply(t.Context(), store.ChangeSet{DeleteRelations: []string{ba.ID}, PutRelations: []*ecosystem.Relation{ba2}})
	must(t, err)
	if want := (store.ApplyResult{RelationsDeleted: 1, RelationsCreated: 1}); res != want {
		t.Errorf("result %+v, want %+v", res, want)
	}
	rs, err := s.RelationsByID(t.Context(), []string{ba.ID})
	must(t, err)
	if rs[0] == nil || rs[0].Topic != "po odnowieniu" {
		t.Errorf("relation after delete and put: %s", show(rs[0]))
	}
}

func testApplyEmpty(t *testing.T, s store.Store) {
	res, err := s.Apply(t.Context(), store.ChangeSet{})
	must(t, err)
	if res != (store.ApplyResult{}) {
		t.Errorf("empty change set: %+v", res)
	}
}
