package storetest

import (
	"slices"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// testMerge folds a duplicate organisation into its survivor and checks everything store.Merge
// promises.
func testMerge(t *testing.T, s store.Store) {
	f := newFixture(t)
	keep := f.org("mops-gdynia", "Miejski Ośrodek Pomocy Społecznej w Gdyni", ecosystem.KindOPS)
	dup := f.org("mops-w-gdyni", "MOPS w Gdyni", ecosystem.KindOPS)
	dup.Aliases = []string{"Ośrodek w Gdyni"}
	town := f.place("gdynia", "Gdynia", ecosystem.PlaceCity, "PL", "2262011", nil)
	visit := f.event("wizyta", "Wizyta", ecosystem.EventStudyVisit, nil, nil)
	meeting := f.event("spotkanie", "Spotkanie", ecosystem.EventMeeting, nil, nil)
	person := f.person("piotr", "Piotr Harhaj")
	keepSeat := f.rel(ecosystem.RelLocatedIn, keep, town)
	dupSeat := f.rel(ecosystem.RelLocatedIn, dup, town) // the survivor has it already: citations join
	dupHosted := f.rel(ecosystem.RelHosted, dup, visit) // moves
	f.rel(ecosystem.RelCooperatesWith, keep, dup)       // between the two: dropped
	dupPosition := f.rel(ecosystem.RelHoldsPosition, person, dup)
	dupPosition.Title = "Kierownik"
	f.rel(ecosystem.RelAttended, keep, meeting)
	f.apply(s)

	res, err := s.Apply(t.Context(), store.ChangeSet{Merges: []store.Merge{{Survivor: keep.Key(), Merged: dup.Key()}}})
	must(t, err)
	if res.NodesMerged != 1 || res.NodesDeleted != 1 || res.RelationsCreated != 2 || res.RelationsUpdated != 1 || res.RelationsDeleted != 4 {
		t.Errorf("result %+v", res)
	}

	nodes, err := s.Nodes(t.Context(), []ecosystem.NodeKey{keep.Key(), dup.Key()})
	must(t, err)
	survivor, ok := nodes[0].(*ecosystem.Organisation)
	if !ok {
		t.Fatal("the survivor is gone")
	}
	if redirected, ok := nodes[1].(*ecosystem.Organisation); !ok || redirected.Key() != keep.Key() {
		t.Errorf("the merged id resolves to %v, want the survivor", nodes[1])
	}
	if !slices.Contains(survivor.Aliases, "MOPS w Gdyni") || !slices.Contains(survivor.Aliases, "Ośrodek w Gdyni") {
		t.Errorf("survivor aliases %v lack the merged names", survivor.Aliases)
	}
	for _, c := range dup.Sources {
		if !slices.Contains(survivor.Sources, c) {
			t.Errorf("survivor lacks the merged citation %v", c)
		}
	}
	rels, err := s.Relations(t.Context(), []ecosystem.NodeKey{keep.Key()}, store.RelationQuery{})
	must(t, err)
	byType := map[ecosystem.RelationType]*ecosystem.Relation{}
	for _, r := range rels[0] {
		byType[r.Type] = r
	}
	if _, ok := byType[ecosystem.RelCooperatesWith]; ok {
		t.Error("the relation between the two survived as a loop")
	}
	if h := byType[ecosystem.RelHosted]; h == nil || h.ID != ecosystem.RelationID(ecosystem.RelHosted, keep.Key(), visit.Key()) || !slices.Equal(h.Sources, dupHosted.Sources) {
		t.Errorf("HOSTED did not move with its citations: %+v", h)
	}
	if p := byType[ecosystem.RelHoldsPosition]; p == nil || p.Title != "Kierownik" || p.From != person.Key() {
		t.Errorf("HOLDS_POSITION did not move with its title: %+v", p)
	}
	if seat := byType[ecosystem.RelLocatedIn]; seat == nil || !slices.Equal(seat.Sources, append(slices.Clone(keepSeat.Sources), dupSeat.Sources...)) {
		t.Errorf("the shared seat should carry both citations: %+v", seat)
	}
	if got := relationExists(t, s, dupHosted.ID, dupSeat.ID); got[0] || got[1] {
		t.Errorf("relations of the merged node remain: %v", got)
	}
	// Search finds the survivor by the merged name.
	hits, err := s.Search(t.Context(), store.SearchQuery{Text: "Ośrodek w Gdyni", Limit: 1})
	must(t, err)
	if len(hits) == 0 || hits[0].Node != keep.Key() {
		t.Errorf("search by the merged alias: %v", hits)
	}

	// A second merge into a third node keeps the first id resolving.
	third := &ecosystem.Organisation{Entity: ecosystem.Entity{Slug: "mops-gdynia-nowy", Name: "MOPS Gdynia (nowy)", Sources: f.cite()}, Kind: ecosystem.KindOPS, Country: "PL"}
	_, err = s.Apply(t.Context(), store.ChangeSet{PutNodes: []ecosystem.Node{third}})
	must(t, err)
	_, err = s.Apply(t.Context(), store.ChangeSet{Merges: []store.Merge{{Survivor: third.Key(), Merged: keep.Key()}}})
	must(t, err)
	nodes, err = s.Nodes(t.Context(), []ecosystem.NodeKey{dup.Key(), keep.Key()})
	must(t, err)
	for i, n := range nodes {
		if n == nil || n.Key() != third.Key() {
			t.Errorf("id %d resolves to %v after a chain of merges, want %s", i, n, third.Key())
		}
	}

	// Putting a node under a merged id again makes the id its own.
	again := &ecosystem.Organisation{Entity: ecosystem.Entity{Slug: dup.Slug, Name: "MOPS w Gdyni (odtworzony)", Sources: f.cite()}, Kind: ecosystem.KindOPS, Country: "PL"}
	_, err = s.Apply(t.Context(), store.ChangeSet{PutNodes: []ecosystem.Node{again}})
	must(t, err)
	nodes, err = s.Nodes(t.Context(), []ecosystem.NodeKey{dup.Key()})
	must(t, err)
	if nodes[0] == nil || nodes[0].Common().Name != again.Name {
		t.Errorf("a re-created id still redirects: %v", nodes[0])
	}
}

func testMergeInvalid(t *testing.T, s store.Store) {
	f := newFixture(t)
	a := f.org("alfa", "Alfa", ecosystem.KindNGO)
	b := f.org("beta", "Beta", ecosystem.KindNGO)
	town := f.place("gdynia", "Gdynia", ecosystem.PlaceCity, "PL", "2262011", nil)
	f.apply(s)
	missing := ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "nowhere"}
	cases := []struct {
		name string
		cs   store.ChangeSet
	}{
		{"into itself", store.ChangeSet{Merges: []store.Merge{{Survivor: a.Key(), Merged: a.Key()}}}},
		{"across types", store.ChangeSet{Merges: []store.Merge{{Survivor: a.Key(), Merged: town.Key()}}}},
		{"a missing node", store.ChangeSet{Merges: []store.Merge{{Survivor: a.Key(), Merged: missing}}}},
		{"into a missing node", store.ChangeSet{Merges: []store.Merge{{Survivor: missing, Merged: b.Key()}}}},
		{"a chain in one change set", store.ChangeSet{Merges: []store.Merge{{Survivor: a.Key(), Merged: b.Key()}, {Survivor: b.Key(), Merged: a.Key()}}}},
		{"a relation to the merged node", store.ChangeSet{
			Merges:       []store.Merge{{Survivor: a.Key(), Merged: b.Key()}},
			PutRelations: []*ecosystem.Relation{newRelation(ecosystem.RelLocatedIn, b.Key(), town.Key())},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Apply(t.Context(), tc.cs)
			wantErr(t, err, store.ErrInvalid)
			if got := exists(t, s, a.Key(), b.Key()); !got[0] || !got[1] {
				t.Errorf("a refused merge changed the graph: %v", got)
			}
		})
	}
}

// testExpectations checks the preconditions a change set can carry.
func testExpectations(t *testing.T, s store.Store) {
	f := newFixture(t)
	a := f.org("alfa", "Alfa", ecosystem.KindNGO)
	f.apply(s)
	b := &ecosystem.Organisation{Entity: ecosystem.Entity{Slug: "beta", Name: "Beta", Sources: f.cite()}, Kind: ecosystem.KindNGO, Country: "PL"}
	missing := ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "gamma"}
	cases := []struct {
		name string
		cs   store.ChangeSet
		want error
	}{
		{"create an existing node", store.ChangeSet{PutNodes: []ecosystem.Node{a}, Expect: []store.Expectation{{Key: a.Key(), Exists: false}}}, store.ErrConflict},
		{"update a missing node", store.ChangeSet{PutNodes: []ecosystem.Node{b}, Expect: []store.Expectation{{Key: b.Key(), Exists: true}}}, store.ErrNotFound},
		{"expect a missing node", store.ChangeSet{Expect: []store.Expectation{{Key: missing, Exists: true}}}, store.ErrNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := s.Apply(t.Context(), tc.cs)
			wantErr(t, err, tc.want)
			if got := exists(t, s, b.Key()); got[0] {
				t.Error("a change set whose precondition failed was applied")
			}
		})
	}
	if _, err := s.Apply(t.Context(), store.ChangeSet{PutNodes: []ecosystem.Node{b}, Expect: []store.Expectation{{Key: b.Key(), Exists: false}}}); err != nil {
		t.Errorf("a create whose precondition holds: %v", err)
	}
}

// testJoinRelations checks that joined relations add their citations to the stored ones.
func testJoinRelations(t *testing.T, s store.Store) {
	f := newFixture(t)
	a := f.org("alfa", "Alfa", ecosystem.KindNGO)
	town := f.place("gdynia", "Gdynia", ecosystem.PlaceCity, "PL", "2262011", nil)
	seat := f.rel(ecosystem.RelLocatedIn, a, town)
	f.apply(s)
	join := newRelation(ecosystem.RelLocatedIn, a.Key(), town.Key())
	join.Sources = f.cite()
	join.Topic = "siedziba"
	res, err := s.Apply(t.Context(), store.ChangeSet{JoinRelations: []*ecosystem.Relation{join}})
	must(t, err)
	if res.RelationsUpdated != 1 {
		t.Errorf("result %+v", res)
	}
	got, err := s.RelationsByID(t.Context(), []string{seat.ID})
	must(t, err)
	want := append(slices.Clone(seat.Sources), join.Sources...)
	if got[0] == nil || !slices.Equal(got[0].Sources, want) || got[0].Topic != "siedziba" {
		t.Errorf("joined relation = %+v, want citations %v and the new topic", got[0], want)
	}
	other := f.place("gdansk", "Gdańsk", ecosystem.PlaceCity, "PL", "2261011", nil)
	f.apply(s)
	fresh := newRelation(ecosystem.RelServesArea, a.Key(), other.Key())
	fresh.Sources = f.cite()
	if res, err := s.Apply(t.Context(), store.ChangeSet{JoinRelations: []*ecosystem.Relation{fresh}}); err != nil || res.RelationsCreated != 1 {
		t.Errorf("joining a relation that does not exist creates it: %+v %v", res, err)
	}
}

// testMergeEdges covers sources that must not merge and redirects of a deleted survivor.
func testMergeEdges(t *testing.T, s store.Store) {
	f := newFixture(t)
	a := f.org("alfa", "Alfa", ecosystem.KindNGO)
	b := f.org("beta", "Beta", ecosystem.KindNGO)
	other := f.source("src-other", "Another source")
	f.apply(s)
	_, err := s.Apply(t.Context(), store.ChangeSet{Merges: []store.Merge{{Survivor: ecosystem.NodeKey{Type: ecosystem.NodeSource, Slug: fixtureSource}, Merged: other.Key()}}})
	wantErr(t, err, store.ErrInvalid)

	_, err = s.Apply(t.Context(), store.ChangeSet{Merges: []store.Merge{{Survivor: a.Key(), Merged: b.Key()}}})
	must(t, err)
	_, err = s.Apply(t.Context(), store.ChangeSet{DeleteNodes: []ecosystem.NodeKey{a.Key()}})
	must(t, err)
	// The id merged into the deleted node does not come back with a new node under the
	// survivor's id.
	again := &ecosystem.Organisation{Entity: ecosystem.Entity{Slug: "alfa", Name: "Alfa (nowa)", Sources: f.cite()}, Kind: ecosystem.KindNGO, Country: "PL"}
	_, err = s.Apply(t.Context(), store.ChangeSet{PutNodes: []ecosystem.Node{again}})
	must(t, err)
	if got := exists(t, s, b.Key()); got[0] {
		t.Error("a redirect to a deleted node came back when its id was given a new node")
	}
}
