package storetest

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// show renders a value for failure messages, following pointers.
func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return err.Error()
	}
	return string(b)
}

func testNodesBatchAlignment(t *testing.T, s store.Store) {
	f := newFixture(t)
	org := f.org("mops-gdynia", "Miejski Ośrodek Pomocy Społecznej w Gdyni", ecosystem.KindOPS)
	place := f.place("gdynia", "Gdynia", ecosystem.PlaceCity, "PL", "2262011", pointGdynia)
	f.apply(s)

	ks := []ecosystem.NodeKey{
		org.Key(),
		{Type: ecosystem.NodeOrganisation, Slug: "missing"},
		place.Key(),
		// The same slug under another type is another node.
		{Type: ecosystem.NodePerson, Slug: "mops-gdynia"},
		{Type: ecosystem.NodeSource, Slug: fixtureSource},
		org.Key(),
	}
	got, err := s.Nodes(t.Context(), ks)
	must(t, err)
	if len(got) != len(ks) {
		t.Fatalf("got %d nodes for %d keys", len(got), len(ks))
	}
	for i, k := range ks {
		wantNil := i == 1 || i == 3
		switch {
		case wantNil && got[i] != nil:
			t.Errorf("nodes[%d] (%s) = %v, want nil", i, k, show(got[i]))
		case !wantNil && got[i] == nil:
			t.Errorf("nodes[%d] (%s) = nil, want the node", i, k)
		case !wantNil && got[i].Key() != k:
			t.Errorf("nodes[%d] has key %s, want %s", i, got[i].Key(), k)
		}
	}
	if o, ok := got[0].(*ecosystem.Organisation); !ok || o.Name != org.Name {
		t.Errorf("nodes[0] = %T %s, want the organisation", got[0], show(got[0]))
	}
	if _, ok := got[2].(*ecosystem.Place); !ok {
		t.Errorf("nodes[2] is a %T, want *ecosystem.Place", got[2])
	}

	empty, err := s.Nodes(t.Context(), nil)
	must(t, err)
	if len(empty) != 0 {
		t.Errorf("Nodes(nil) = %d nodes, want none", len(empty))
	}
}

// fullNodes returns one node of every type with every field set, citing the fixture source.
func fullNodes() []ecosystem.Node {
	cite := []ecosystem.Citation{
		{Source: fixtureSource, Locator: "p. 3", Note: "Named in the report."},
		{Source: fixtureSource, Locator: "¶7", Note: "Implied by the list of partners.", Inferred: true},
	}
	entity := func(slug, name string) ecosystem.Entity {
		return ecosystem.Entity{
			Slug: slug, Name: name, Aliases: []string{name + " (alias)", "Skrót " + slug},
			Description: "Opis: " + name + ".", Sources: slices.Clone(cite),
		}
	}
	participants := 120
	return []ecosystem.Node{
		&ecosystem.Organisation{
			Entity: entity("empatia", "Stowarzyszenie „Empatia”"), Kind: ecosystem.KindAssociation, Country: "PL",
			Statuses: []string{"OPP"}, Website: "https://empatia.example.org/", Registered: date(2013, 12, 9),
		},
		&ecosystem.Person{Entity: entity("jan-kowalski", "Jan Kowalski")},
		&ecosystem.Project{
			Entity: entity("upleciemy-siec", "Upleciemy sieć"), Start: date(2019, 1, 0), End: date(2020, 0, 0),
			TargetGroup: "uczestnicy WTZ",
		},
		&ecosystem.Programme{
			Entity: entity("fio", "Fundusz Inicjatyw Obywatelskich"), Kind: ecosystem.ProgrammeFunding,
			Start: date(2009, 0, 0), End: date(2020, 12, 31),
		},
		&ecosystem.Event{
			Entity: entity("wizyta-sztokholm", "Wizyta studyjna w Sztokholmie"), Kind: ecosystem.EventStudyVisit,
			Status: ecosystem.StatusPlanned, Start: date(0, 6, 22), End: date(0, 6, 24),
			DateNote: "The article gives days without a year.", Attendance: &participants,
			Themes: []ecosystem.Theme{ecosystem.ThemeSocialCooperatives, ecosystem.ThemeSocialEconomy},
		},
		&ecosystem.Practice{
			Entity: entity("mieszkania-treningowe", "Mieszkania treningowe"),
			Themes: []ecosystem.Theme{ecosystem.ThemeSupportedHousing, ecosystem.ThemeIndependentLiving},
		},
		&ecosystem.Place{
			Entity: entity("gdynia", "Gdynia"), Kind: ecosystem.PlaceCity, NameEn: "Gdynia", Country: "PL",
			TERC: "2262011", SIMC: "0935989", Point: &ecosystem.GeoPoint{Lat: 54.5189, Lon: 18.5305},
		},
		&ecosystem.Source{
			Entity: entity("artykul", "Artykuł o wizycie"), Kind: ecosystem.SourceWebsite, Publisher: "empatia",
			PublisherName: "Stowarzyszenie Empatia", Published: date(2014, 3, 0),
			URL: "https://empatia.example.org/artykul", Language: "pl", File: "001-wizyta.md",
		},
	}
}

func testNodesRoundTrip(t *testing.T, s store.Store) {
	f := newFixture(t)
	f.apply(s)
	nodes := fullNodes()
	org := nodes[0].(*ecosystem.Organisation)
	// The voivodeship is derived on read: what a writer puts there is ignored.
	org.Voivodeship = "mazowieckie"
	count := 4
	full := &ecosystem.Relation{
		Type: ecosystem.RelHoldsPosition, From: nodes[1].Key(), To: nodes[0].Key(),
		Title: "Prezes Zarządu", Topic: "zarządzanie", Count: &count, Since: date(2010, 0, 0), Until: date(2015, 6, 30),
		Sources: []ecosystem.Citation{{Source: "artykul", Locator: "¶2", Note: "Named as president."}, {Source: fixtureSource}},
	}
	full.ID = ecosystem.RelationID(full.Type, full.From, full.To)
	_, err := s.Apply(t.Context(), store.ChangeSet{PutNodes: nodes, PutRelations: []*ecosystem.Relation{full}})
	must(t, err)

	got, err := s.Nodes(t.Context(), keys(nodes...))
	must(t, err)
	want := fullNodes()
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("%s read back as\n%s\nwant\n%s", want[i].Key(), show(got[i]), show(want[i]))
		}
	}
	rels, err := s.RelationsByID(t.Context(), []string{full.ID})
	must(t, err)
	if !reflect.DeepEqual(rels[0], full) {
		t.Errorf("relation read back as\n%s\nwant\n%s", show(rels[0]), show(full))
	}
}

func testNodesReturnsCopies(t *testing.T, s store.Store) {
	f := newFixture(t)
	f.apply(s)
	_, err := s.Apply(t.Context(), store.ChangeSet{PutNodes: fullNodes()})
	must(t, err)
	ks := keys(fullNodes()...)

	first, err := s.Nodes(t.Context(), ks)
	must(t, err)
	for _, n := range first {
		e := n.Common()
		e.Name = "changed"
		e.Aliases[0] = "changed"
		e.Sources[0].Note = "changed"
		switch v := n.(type) {
		case *ecosystem.Organisation:
			v.Statuses[0] = "changed"
			v.Registered.Year = 1999
		case *ecosystem.Project:
			v.Start.Year = 1999
		case *ecosystem.Event:
			v.Themes[0] = ecosystem.ThemeCSR
			*v.Attendance = 1
			v.Start.Month = 1
		case *ecosystem.Practice:
			v.Themes[0] = ecosystem.ThemeCSR
		case *ecosystem.Place:
			v.Point.Lat = 0
		case *ecosystem.Source:
			v.Published.Year = 1999
		}
	}
	again, err := s.Nodes(t.Context(), ks)
	must(t, err)
	for i, want := range fullNodes() {
		if !reflect.DeepEqual(again[i], want) {
			t.Errorf("changing a returned %s changed the store: read\n%s\nwant\n%s", want.Key(), show(again[i]), show(want))
		}
	}

	// Listings hand out copies too.
	page, err := s.Organisations(t.Context(), store.OrganisationFilter{}, store.OrganisationOrder{Field: store.OrderByName}, store.Page{First: 10})
	must(t, err)
	page.Items[0].Name = "changed"
	page.Items[0].Aliases[0] = "changed"
	practices, err := s.Practices(t.Context(), store.PracticeFilter{})
	must(t, err)
	practices[0].Themes[0] = ecosystem.ThemeCSR
	sources, err := s.Sources(t.Context())
	must(t, err)
	for _, src := range sources {
		src.Name = "changed"
	}
	again, err = s.Nodes(t.Context(), ks)
	must(t, err)
	for i, want := range fullNodes() {
		if !reflect.DeepEqual(again[i], want) {
			t.Errorf("changing a listed %s changed the store: read\n%s", want.Key(), show(again[i]))
		}
	}
}

func testNodesVoivodeship(t *testing.T, s store.Store) {
	f := newFixture(t)
	g := f.geography()
	unlinked := f.place("osiedle", "Osiedle bez gminy", ecosystem.PlaceSite, "PL", "", nil)
	cases := []struct {
		slug, want string
		link       func(o *ecosystem.Organisation)
	}{
		{"seat-gdynia", "pomorskie", func(o *ecosystem.Organisation) { f.rel(ecosystem.RelLocatedIn, o, g.gdynia) }},
		{"seat-gdansk", "pomorskie", func(o *ecosystem.Organisation) { f.rel(ecosystem.RelLocatedIn, o, g.gdansk) }},
		{"seat-is-voivodeship", "pomorskie", func(o *ecosystem.Organisation) { f.rel(ecosystem.RelLocatedIn, o, g.pomorskie) }},
		{"serves-powiat", "lubelskie", func(o *ecosystem.Organisation) { f.rel(ecosystem.RelServesArea, o, g.powiatKrasnicki) }},
		{"seat-wins-over-area", "wielkopolskie", func(o *ecosystem.Organisation) {
			f.rel(ecosystem.RelLocatedIn, o, g.gebice)
			f.rel(ecosystem.RelServesArea, o, g.lubelskie)
		}},
		{"seat-outside-any-voivodeship", "lubelskie", func(o *ecosystem.Organisation) {
			f.rel(ecosystem.RelLocatedIn, o, unlinked)
			f.rel(ecosystem.RelServesArea, o, g.lublin)
		}},
		{"seat-abroad", "", func(o *ecosystem.Organisation) { f.rel(ecosystem.RelLocatedIn, o, g.sztokholm) }},
		{"no-seat", "", func(*ecosystem.Organisation) {}},
	}
	want := map[string]string{}
	var ks []ecosystem.NodeKey
	for _, c := range cases {
		kind := ecosystem.KindAssociation
		if c.slug == "seat-abroad" {
			kind = ecosystem.KindForeign
		}
		o := f.org(c.slug, "Organizacja "+c.slug, kind)
		c.link(o)
		want[c.slug] = c.want
		ks = append(ks, o.Key())
	}
	f.apply(s)

	got, err := s.Nodes(t.Context(), ks)
	must(t, err)
	for i, n := range got {
		o := n.(*ecosystem.Organisation)
		if o.Voivodeship != want[o.Slug] {
			t.Errorf("Nodes: %s has voivodeship %q, want %q", cases[i].slug, o.Voivodeship, want[o.Slug])
		}
	}
	page, err := s.Organisations(t.Context(), store.OrganisationFilter{}, store.OrganisationOrder{Field: store.OrderByName}, store.Page{First: 100})
	must(t, err)
	if len(page.Items) != len(cases) {
		t.Fatalf("listing has %d organisations, want %d", len(page.Items), len(cases))
	}
	for _, o := range page.Items {
		if o.Voivodeship != want[o.Slug] {
			t.Errorf("Organisations: %s has voivodeship %q, want %q", o.Slug, o.Voivodeship, want[o.Slug])
		}
	}
}

func testNodesVoivodeshipDerivedOnRead(t *testing.T, s store.Store) {
	f := newFixture(t)
	g := f.geography()
	// No TERYT code: the voivodeship follows WITHIN relations.
	wejherowo := f.place("wejherowo", "Wejherowo", ecosystem.PlaceCity, "PL", "", nil)
	org := f.org("wtz-wejherowo", "WTZ w Wejherowie", ecosystem.KindWTZ)
	seat := f.rel(ecosystem.RelLocatedIn, org, wejherowo)
	f.apply(s)

	check := func(step, want string) {
		t.Helper()
		got, err := s.Nodes(t.Context(), []ecosystem.NodeKey{org.Key()})
		must(t, err)
		if v := got[0].(*ecosystem.Organisation).Voivodeship; v != want {
			t.Errorf("%s: voivodeship %q, want %q", step, v, want)
		}
	}
	check("seat not yet within a voivodeship", "")
	within := f.rel(ecosystem.RelWithin, wejherowo, g.pomorskie)
	f.apply(s)
	check("seat placed within pomorskie", "pomorskie")

	_, err := s.Apply(t.Context(), store.ChangeSet{DeleteRelations: []string{seat.ID}})
	must(t, err)
	f.rel(ecosystem.RelLocatedIn, org, g.krasnik)
	f.apply(s)
	check("seat moved to Kraśnik", "lubelskie")

	_, err = s.Apply(t.Context(), store.ChangeSet{DeleteRelations: []string{within.ID}})
	must(t, err)
	check("unrelated WITHIN removed", "lubelskie")
}

// testVoivodeshipFollowsChanges moves the places an organisation is seated in between
// voivodeships, deletes and merges them, and checks that reads, the voivodeship filter and the
// stats agree after each step (a backend that stores the derived voivodeship must keep it).
func testVoivodeshipFollowsChanges(t *testing.T, s store.Store) {
	f := newFixture(t)
	g := f.geography()
	powiat := f.place("powiat-lebork", "powiat lęborski", ecosystem.PlacePowiat, "PL", "", nil)
	town := f.place("lebork", "Lębork", ecosystem.PlaceCity, "PL", "", nil)
	other := f.place("pila", "Piła", ecosystem.PlaceCity, "PL", "", nil)
	org := f.org("ops-lebork", "OPS w Lęborku", ecosystem.KindOPS)
	f.rel(ecosystem.RelLocatedIn, org, town)
	f.rel(ecosystem.RelWithin, town, powiat)
	up := f.rel(ecosystem.RelWithin, powiat, g.pomorskie)
	f.rel(ecosystem.RelWithin, other, g.wielkopolskie)
	f.apply(s)

	check := func(step, want string) {
		t.Helper()
		got, err := s.Nodes(t.Context(), []ecosystem.NodeKey{org.Key()})
		must(t, err)
		if v := got[0].(*ecosystem.Organisation).Voivodeship; v != want {
			t.Errorf("%s: voivodeship %q, want %q", step, v, want)
		}
		for _, v := range []string{"pomorskie", "lubelskie", "wielkopolskie"} {
			page, err := s.Organisations(t.Context(), store.OrganisationFilter{Voivodeship: v}, store.OrganisationOrder{Field: store.OrderByName}, store.Page{First: 100})
			must(t, err)
			listed := false
			for _, o := range page.Items {
				listed = listed || o.Slug == org.Slug
			}
			if listed != (v == want) {
				t.Errorf("%s: listed under %s: %v, want %v", step, v, listed, v == want)
			}
		}
	}
	check("seat within a powiat of pomorskie", "pomorskie")

	_, err := s.Apply(t.Context(), store.ChangeSet{DeleteRelations: []string{up.ID}})
	must(t, err)
	f.rel(ecosystem.RelWithin, powiat, g.lubelskie)
	f.apply(s)
	check("the powiat moved to lubelskie", "lubelskie")

	// The merged town's WITHIN moves to the survivor too: Piła is then within wielkopolskie
	// directly and within lubelskie through the powiat; the nearest wins.
	_, err = s.Apply(t.Context(), store.ChangeSet{Merges: []store.Merge{{Survivor: other.Key(), Merged: town.Key()}}})
	must(t, err)
	check("the seat merged into a town of wielkopolskie", "wielkopolskie")

	_, err = s.Apply(t.Context(), store.ChangeSet{DeleteNodes: []ecosystem.NodeKey{g.wielkopolskie.Key()}})
	must(t, err)
	check("the nearer voivodeship deleted", "lubelskie")

	_, err = s.Apply(t.Context(), store.ChangeSet{DeleteNodes: []ecosystem.NodeKey{powiat.Key()}})
	must(t, err)
	check("the powiat deleted", "")
}

func testRelationsByID(t *testing.T, s store.Store) {
	f := newFixture(t)
	a := f.org("alfa", "Alfa", ecosystem.KindNGO)
	b := f.org("beta", "Beta", ecosystem.KindNGO)
	r1 := f.rel(ecosystem.RelCooperatesWith, a, b)
	r2 := f.rel(ecosystem.RelCooperatesWith, b, a)
	f.apply(s)

	ids := []string{r1.ID, ecosystem.RelationID(ecosystem.RelFounded, a.Key(), b.Key()), r2.ID, "", r1.ID}
	got, err := s.RelationsByID(t.Context(), ids)
	must(t, err)
	want := []*ecosystem.Relation{r1, nil, r2, nil, r1}
	if len(got) != len(want) {
		t.Fatalf("got %d relations for %d ids", len(got), len(ids))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			t.Errorf("relations[%d] = %s, want %s", i, show(got[i]), show(want[i]))
		}
	}
	got[0].Sources[0].Note = "changed"
	got[0].Topic = "changed"
	again, err := s.RelationsByID(t.Context(), ids[:1])
	must(t, err)
	if !reflect.DeepEqual(again[0], r1) {
		t.Errorf("changing a returned relation changed the store: %s", show(again[0]))
	}
}

// relationHub adds an organisation with relations of several types in both directions, two of
// them between the same pair of nodes, and returns it.
func relationHub(f *fixture) *ecosystem.Organisation {
	hub := f.org("hub", "Hub", ecosystem.KindNGO)
	b := f.org("beta", "Beta", ecosystem.KindNGO)
	c := f.org("charlie", "Charlie", ecosystem.KindOPS)
	p := f.person("anna", "Anna Nowak")
	e := f.event("spotkanie", "Spotkanie", ecosystem.EventMeeting, date(2020, 0, 0), nil)
	place := f.place("gdynia", "Gdynia", ecosystem.PlaceCity, "PL", "", nil)
	f.rel(ecosystem.RelLocatedIn, hub, place)
	f.rel(ecosystem.RelOrganised, hub, e)
	f.rel(ecosystem.RelHosted, hub, e)
	f.rel(ecosystem.RelCooperatesWith, hub, b)
	f.rel(ecosystem.RelCooperatesWith, b, hub)
	f.rel(ecosystem.RelCommissions, c, hub)
	f.rel(ecosystem.RelHoldsPosition, p, hub)
	f.rel(ecosystem.RelAttended, p, e)
	return hub
}

func testRelationsFilters(t *testing.T, s store.Store) {
	f := newFixture(t)
	hub := relationHub(f)
	f.apply(s)
	self := hub.Key()

	cases := []struct {
		name  string
		q     store.RelationQuery
		count int
	}{
		{"default is both", store.RelationQuery{}, 7},
		{"both", store.RelationQuery{Direction: ecosystem.DirBoth}, 7},
		{"out", store.RelationQuery{Direction: ecosystem.DirOut}, 4},
		{"in", store.RelationQuery{Direction: ecosystem.DirIn}, 3},
		{"one type both ways", store.RelationQuery{Types: []ecosystem.RelationType{ecosystem.RelCooperatesWith}}, 2},
		{"one type out", store.RelationQuery{Types: []ecosystem.RelationType{ecosystem.RelCooperatesWith}, Direction: ecosystem.DirOut}, 1},
		{"two types in", store.RelationQuery{Types: []ecosystem.RelationType{ecosystem.RelCooperatesWith, ecosystem.RelCommissions}, Direction: ecosystem.DirIn}, 2},
		{"type absent", store.RelationQuery{Types: []ecosystem.RelationType{ecosystem.RelMemberOf}}, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var want []*ecosystem.Relation
			for _, r := range f.relations {
				out, in := r.From == self, r.To == self
				dirOK := (c.q.Direction != ecosystem.DirIn && out) || (c.q.Direction != ecosystem.DirOut && in)
				if dirOK && (len(c.q.Types) == 0 || slices.Contains(c.q.Types, r.Type)) {
					want = append(want, r)
				}
			}
			slices.SortFunc(want, compareRelations(self))
			if len(want) != c.count {
				t.Fatalf("fixture has %d matching relations, the case expects %d", len(want), c.count)
			}
			got, err := s.Relations(t.Context(), []ecosystem.NodeKey{self}, c.q)
			must(t, err)
			if len(got) != 1 {
				t.Fatalf("got %d lists for one key", len(got))
			}
			if !reflect.DeepEqual(got[0], want) && !(len(got[0]) == 0 && len(want) == 0) {
				t.Errorf("got %s\nwant %s", show(got[0]), show(want))
			}
		})
	}

	t.Run("alignment", func(t *testing.T) {
		beta := ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "beta"}
		missing := ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "missing"}
		got, err := s.Relations(t.Context(), []ecosystem.NodeKey{self, missing, beta, self}, store.RelationQuery{})
		must(t, err)
		if len(got) != 4 {
			t.Fatalf("got %d lists for 4 keys", len(got))
		}
		if got[1] != nil {
			t.Errorf("unknown key: got %s, want nil", show(got[1]))
		}
		if len(got[0]) != 7 || len(got[3]) != 7 || len(got[2]) != 2 {
			t.Errorf("got %d, %d and %d relations, want 7, 2 and 7", len(got[0]), len(got[2]), len(got[3]))
		}
	})

	t.Run("invalid direction", func(t *testing.T) {
		_, err := s.Relations(t.Context(), []ecosystem.NodeKey{self}, store.RelationQuery{Direction: "SIDEWAYS"})
		wantErr(t, err, store.ErrInvalid)
	})
}

func testRelationsOrder(t *testing.T, s store.Store) {
	f := newFixture(t)
	ev := f.event("forum", "Forum", ecosystem.EventForum, date(2021, 5, 0), nil)
	zeta := f.org("zeta", "Zeta", ecosystem.KindNGO)
	beta := f.org("beta", "Beta", ecosystem.KindNGO)
	anna := f.person("anna", "Anna Nowak")
	proj := f.project("projekt", "Projekt")
	gdynia := f.place("gdynia", "Gdynia", ecosystem.PlaceCity, "PL", "", nil)
	session := f.event("sesja", "Sesja", ecosystem.EventSession, nil, nil)
	// Added out of order, so that insertion order cannot pass for the contract's order.
	f.rel(ecosystem.RelPartOf, ev, proj)
	f.rel(ecosystem.RelAttended, anna, ev)
	f.rel(ecosystem.RelHosted, beta, ev)
	f.rel(ecosystem.RelAttended, zeta, ev)
	f.rel(ecosystem.RelHeldIn, ev, gdynia)
	f.rel(ecosystem.RelAttended, beta, ev)
	// Two PART_OF relations between the same pair of events, one each way: only the id orders
	// them.
	f.rel(ecosystem.RelPartOf, session, ev)
	f.rel(ecosystem.RelPartOf, ev, session)
	f.apply(s)

	partOfIDs := []string{
		ecosystem.RelationID(ecosystem.RelPartOf, session.Key(), ev.Key()),
		ecosystem.RelationID(ecosystem.RelPartOf, ev.Key(), session.Key()),
	}
	slices.Sort(partOfIDs)
	type entry struct {
		typ   ecosystem.RelationType
		other ecosystem.NodeKey
	}
	// The other end is ordered by global id, not slug: Organisation:zeta before Person:anna.
	want := []entry{
		{ecosystem.RelAttended, beta.Key()},
		{ecosystem.RelAttended, zeta.Key()},
		{ecosystem.RelAttended, anna.Key()},
		{ecosystem.RelHeldIn, gdynia.Key()},
		{ecosystem.RelHosted, beta.Key()},
		{ecosystem.RelPartOf, session.Key()},
		{ecosystem.RelPartOf, session.Key()},
		{ecosystem.RelPartOf, proj.Key()},
	}
	// Event:sesja sorts before Project:projekt.
	got, err := s.Relations(t.Context(), []ecosystem.NodeKey{ev.Key()}, store.RelationQuery{})
	must(t, err)
	if len(got[0]) != len(want) {
		t.Fatalf("got %d relations, want %d", len(got[0]), len(want))
	}
	for i, r := range got[0] {
		if r.Type != want[i].typ || r.Other(ev.Key()) != want[i].other {
			t.Errorf("relations[%d] = %s to %s, want %s to %s", i, r.Type, r.Other(ev.Key()), want[i].typ, want[i].other)
		}
	}
	if got[0][5].ID != partOfIDs[0] || got[0][6].ID != partOfIDs[1] {
		t.Errorf("relations between the same ends are not ordered by id: %s, %s", got[0][5].ID, got[0][6].ID)
	}
}

func testRelationsReturnsCopies(t *testing.T, s store.Store) {
	f := newFixture(t)
	hub := relationHub(f)
	f.apply(s)
	first, err := s.Relations(t.Context(), []ecosystem.NodeKey{hub.Key()}, store.RelationQuery{})
	must(t, err)
	want := slices.Clone(first[0])
	for i, r := range want {
		want[i] = r.Clone()
	}
	for _, r := range first[0] {
		r.Sources[0].Locator = "changed"
		r.Title = "changed"
	}
	first[0][0] = nil
	again, err := s.Relations(t.Context(), []ecosystem.NodeKey{hub.Key()}, store.RelationQuery{})
	must(t, err)
	if !reflect.DeepEqual(again[0], want) {
		t.Errorf("changing returned relations changed the store:\n%s\nwant\n%s", show(again[0]), show(want))
	}
}

// testRelationsBatch: several relation queries in one call answer what each would alone,
// aligned request by request and key by key, an empty request included; a bad direction in any
// request refuses the whole batch.
func testRelationsBatch(t *testing.T, s store.Store) {
	f := newFixture(t)
	hub := relationHub(f)
	f.apply(s)
	beta := ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "beta"}
	missing := ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "missing"}
	keys := []ecosystem.NodeKey{hub.Key(), missing, beta}
	queries := []store.RelationQuery{
		{},
		{Direction: ecosystem.DirOut},
		{Types: []ecosystem.RelationType{ecosystem.RelCooperatesWith}, Direction: ecosystem.DirIn},
		{Types: []ecosystem.RelationType{ecosystem.RelCooperatesWith, ecosystem.RelCommissions}},
		{Types: []ecosystem.RelationType{ecosystem.RelMemberOf}},
	}
	reqs := []store.RelationRequest{{Query: store.RelationQuery{Direction: ecosystem.DirOut}}}
	for _, q := range queries {
		reqs = append(reqs, store.RelationRequest{Keys: keys, Query: q})
	}
	got, err := s.RelationsBatch(t.Context(), reqs)
	must(t, err)
	if len(got) != len(reqs) {
		t.Fatalf("got %d answers for %d requests", len(got), len(reqs))
	}
	if len(got[0]) != 0 {
		t.Errorf("a request without keys: got %d lists", len(got[0]))
	}
	total := 0
	for qi, q := range queries {
		res := got[qi+1]
		if len(res) != len(keys) {
			t.Fatalf("request %d: %d lists for %d keys", qi+1, len(res), len(keys))
		}
		for ki, self := range keys {
			var want []*ecosystem.Relation
			for _, r := range f.relations {
				out, in := r.From == self, r.To == self
				dirOK := (q.Direction != ecosystem.DirIn && out) || (q.Direction != ecosystem.DirOut && in)
				if dirOK && (len(q.Types) == 0 || slices.Contains(q.Types, r.Type)) {
					want = append(want, r)
				}
			}
			slices.SortFunc(want, compareRelations(self))
			total += len(want)
			if self == missing {
				if res[ki] != nil {
					t.Errorf("request %d, unknown key: got %s, want nil", qi+1, show(res[ki]))
				}
				continue
			}
			if !reflect.DeepEqual(res[ki], want) && !(len(res[ki]) == 0 && len(want) == 0) {
				t.Errorf("request %d, %s: got %s\nwant %s", qi+1, self, show(res[ki]), show(want))
			}
		}
	}
	if total == 0 {
		t.Fatal("the fixture gives the batch nothing to find")
	}
	_, err = s.RelationsBatch(t.Context(), []store.RelationRequest{{Keys: keys}, {Keys: keys, Query: store.RelationQuery{Direction: "SIDEWAYS"}}})
	wantErr(t, err, store.ErrInvalid)
}

// overTheBound adds an organisation that cooperates with one more organisation than
// store.MaxFetchedEnds, and returns it.
func overTheBound(f *fixture) *ecosystem.Organisation {
	big := f.org("big", "Big", ecosystem.KindNGO)
	for i := range store.MaxFetchedEnds + 1 {
		f.rel(ecosystem.RelCooperatesWith, big, f.org(fmt.Sprintf("small-%03d", i), fmt.Sprintf("Small %d", i), ecosystem.KindNGO))
	}
	return big
}

// testRelationsWithEnds checks a store.EndsReader (a store that can return relations with their
// other ends in one call): the relations are those RelationsBatch gives, and the nodes are the
// other ends, as Nodes returns them, of every key with at most store.MaxFetchedEnds relations
// in the request, and of no other key.
func testRelationsWithEnds(t *testing.T, s store.Store) {
	er, ok := s.(store.EndsReader)
	if !ok {
		t.Skip("the store answers relations without their ends (every call is in process)")
	}
	f := newFixture(t)
	hub := relationHub(f)
	big := overTheBound(f)
	f.apply(s)
	keys := []ecosystem.NodeKey{hub.Key(), big.Key()}
	reqs := []store.RelationRequest{
		{Keys: keys, Query: store.RelationQuery{}},
		{Keys: keys, Query: store.RelationQuery{Types: []ecosystem.RelationType{ecosystem.RelLocatedIn}, Direction: ecosystem.DirOut}},
	}
	want, err := s.RelationsBatch(t.Context(), reqs)
	must(t, err)
	got, ends, err := er.RelationsBatchWithEnds(t.Context(), reqs)
	must(t, err)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("relations differ from RelationsBatch's")
	}
	var wantKeys []ecosystem.NodeKey
	for _, r := range want[0][0] { // the hub's: 7, under the bound; the big one's are over it
		if o := r.Other(hub.Key()); !slices.Contains(wantKeys, o) {
			wantKeys = append(wantKeys, o)
		}
	}
	wantNodes, err := s.Nodes(t.Context(), wantKeys)
	must(t, err)
	byKey := map[ecosystem.NodeKey]ecosystem.Node{}
	for _, n := range ends {
		if _, dup := byKey[n.Key()]; dup {
			t.Errorf("%s returned twice", n.Key())
		}
		byKey[n.Key()] = n
	}
	if len(byKey) != len(wantKeys) {
		t.Errorf("got %d ends, want the hub's %d", len(byKey), len(wantKeys))
	}
	for i, k := range wantKeys {
		if !reflect.DeepEqual(byKey[k], wantNodes[i]) {
			t.Errorf("end %s = %s, want %s", k, show(byKey[k]), show(wantNodes[i]))
		}
	}
}

// testPrefetch checks a store.Prefetcher (a store that reads a plan of nested relation steps in
// one call): every relation list it returns is what Relations gives for that node and query,
// every node is what Nodes gives, each step is read for every node reached under the bound and
// below it, and a node over the bound is left out of the step and of the steps below.
func testPrefetch(t *testing.T, s store.Store) {
	pf, ok := s.(store.Prefetcher)
	if !ok {
		t.Skip("the store reads relations level by level (every call is in process)")
	}
	f := newFixture(t)
	hub := relationHub(f)
	region := f.place("pomorze", "Pomorze", ecosystem.PlaceRegion, "PL", "", nil)
	for _, n := range f.nodes {
		if n.Key() == (ecosystem.NodeKey{Type: ecosystem.NodePlace, Slug: "gdynia"}) {
			f.rel(ecosystem.RelWithin, n, region) // the hub's seat, within a region
		}
	}
	big := overTheBound(f)
	f.rel(ecosystem.RelCooperatesWith, hub, big)
	f.apply(s)
	plan := store.ReadPlan{
		{Query: store.RelationQuery{Types: []ecosystem.RelationType{ecosystem.RelLocatedIn}, Direction: ecosystem.DirOut},
			Next: store.ReadPlan{{Query: store.RelationQuery{Types: []ecosystem.RelationType{ecosystem.RelWithin}, Direction: ecosystem.DirOut}}}},
		{Query: store.RelationQuery{Types: []ecosystem.RelationType{ecosystem.RelCooperatesWith}, Direction: ecosystem.DirBoth},
			Next: store.ReadPlan{{Query: store.RelationQuery{Types: []ecosystem.RelationType{ecosystem.RelCooperatesWith}, Direction: ecosystem.DirOut}}}},
		{Query: store.RelationQuery{Direction: ecosystem.DirIn}},
	}
	missing := ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "missing"}
	got, err := pf.Prefetch(t.Context(), []ecosystem.NodeKey{hub.Key(), missing, big.Key()}, plan)
	must(t, err)
	seen := map[string]bool{}
	for _, pr := range got.Relations {
		want, err := s.Relations(t.Context(), []ecosystem.NodeKey{pr.Key}, pr.Query)
		must(t, err)
		if !reflect.DeepEqual(pr.Relations, want[0]) {
			t.Errorf("%s %s %v: %d relations, Relations gives %d", pr.Key, pr.Query.Direction, pr.Query.Types, len(pr.Relations), len(want[0]))
		}
		seen[fmt.Sprint(pr.Key.Slug, " ", pr.Query.Direction, pr.Query.Types)] = true
	}
	for _, want := range []string{
		"hub OUT[LOCATED_IN]", "gdynia OUT[WITHIN]", // a step and the step below it
		"hub BOTH[COOPERATES_WITH]", "beta OUT[COOPERATES_WITH]", // the other ends' own steps
		"hub IN[]", "big IN[]", "big OUT[LOCATED_IN]",
	} {
		if !seen[want] {
			t.Errorf("prefetch left out %s (it read %v)", want, seen)
		}
	}
	for _, over := range []string{"big BOTH[COOPERATES_WITH]", "small-000 OUT[COOPERATES_WITH]"} {
		if seen[over] {
			t.Errorf("prefetch read %s, over the bound of %d", over, store.MaxFetchedEnds)
		}
	}
	byKey := map[ecosystem.NodeKey]bool{}
	for _, n := range got.Nodes {
		want, err := s.Nodes(t.Context(), []ecosystem.NodeKey{n.Key()})
		must(t, err)
		if !reflect.DeepEqual(n, want[0]) {
			t.Errorf("node %s = %s, Nodes gives %s", n.Key(), show(n), show(want[0]))
		}
		byKey[n.Key()] = true
	}
	for _, k := range []ecosystem.NodeKey{hub.Key(), big.Key(), region.Key()} {
		if !byKey[k] {
			t.Errorf("prefetch did not return %s", k)
		}
	}
	if byKey[missing] {
		t.Errorf("prefetch returned a node for a key with none")
	}
}
