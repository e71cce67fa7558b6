package storetest

import (
	"reflect"
	"slices"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/geo"
	"github.com/wtz-graph/kg/store"
)

// hostEvidence is one fact that makes an organisation a candidate host, with the themes it is
// about.
type hostEvidence struct {
	kind     ecosystem.HostReasonKind
	practice ecosystem.Node
	event    ecosystem.Node
	themes   []ecosystem.Theme
	sources  []ecosystem.Citation
}

// hostsWorld is the visit planner's fixture: candidates in Gdynia, Gdańsk, Lublin, Kraśnik and
// Stockholm and one without a seat, with evidence of every kind.
type hostsWorld struct {
	g geography
	// seats are the coordinates of the candidates' seats.
	seats map[string]*ecosystem.GeoPoint
	// evidence lists, per candidate, its evidence in the contract's reason order. The forum in
	// Stockholm both has a theme of its own and showcases a practice; its entry here is the
	// practice, which is what counts unless only the forum's own theme is asked for.
	evidence map[string][]hostEvidence
	forum    *ecosystem.Event
	forumRel *ecosystem.Relation
}

// Sort names: seatless "alfa…", gdynia-host "bravo…", lublin-host "charlie…", krasnik-host
// "delta…", kos "echo…", no-evidence "foxtrot", organiser "golf", double "hotel…", gdansk-host
// "zulu…". The double practises and developed the same practice, which counts once.
func hostsFixture(f *fixture) hostsWorld {
	g := f.geography()
	housing := f.practice("mieszkania", "Mieszkania treningowe", ecosystem.ThemeSupportedHousing, ecosystem.ThemeIndependentLiving)
	coop := f.practice("spoldzielnia", "Spółdzielnia socjalna", ecosystem.ThemeSocialCooperatives)
	visit := f.event("wizyta", "Wizyta studyjna", ecosystem.EventStudyVisit, date(2022, 0, 0), nil, ecosystem.ThemeSupportedHousing)
	forum := f.event("forum", "Forum w Sztokholmie", ecosystem.EventForum, date(2023, 0, 0), nil, ecosystem.ThemeSocialEconomy)
	showcased := f.rel(ecosystem.RelShowcased, forum, housing)

	gdynia := f.org("gdynia-host", "Bravo Gdynia", ecosystem.KindOPS)
	lublin := f.org("lublin-host", "Charlie Lublin", ecosystem.KindAssociation)
	krasnik := f.org("krasnik-host", "Delta Kraśnik", ecosystem.KindWTZ)
	kos := f.org("kos", "Echo KOS", ecosystem.KindForeign)
	none := f.org("no-evidence", "Foxtrot", ecosystem.KindOPS)
	seatless := f.org("seatless", "Alfa Bez Siedziby", ecosystem.KindWTZ)
	organiser := f.org("organiser", "Golf", ecosystem.KindOPS)
	gdansk := f.org("gdansk-host", "Zulu", ecosystem.KindOPS)
	double := f.org("double", "Hotel Podwójny", ecosystem.KindNGO)

	f.rel(ecosystem.RelLocatedIn, gdynia, g.gdynia)
	f.rel(ecosystem.RelLocatedIn, lublin, g.lublin)
	f.rel(ecosystem.RelLocatedIn, krasnik, g.krasnik)
	f.rel(ecosystem.RelLocatedIn, kos, g.sztokholm)
	f.rel(ecosystem.RelLocatedIn, none, g.gdansk)
	f.rel(ecosystem.RelServesArea, seatless, g.pomorskie)
	f.rel(ecosystem.RelLocatedIn, gdansk, g.gdansk)
	f.rel(ecosystem.RelOrganised, organiser, visit) // organising is no evidence of practice
	f.rel(ecosystem.RelLocatedIn, organiser, g.gdynia)
	f.rel(ecosystem.RelLocatedIn, double, g.lublin)

	w := hostsWorld{
		g: g,
		seats: map[string]*ecosystem.GeoPoint{
			"gdynia-host": pointGdynia, "lublin-host": pointLublin, "krasnik-host": pointKrasnik,
			"kos": pointSztokholm, "gdansk-host": pointGdansk, "double": pointLublin,
			"no-evidence": pointGdansk, "organiser": pointGdynia,
		},
		evidence: map[string][]hostEvidence{},
		forum:    forum,
	}
	add := func(o *ecosystem.Organisation, e hostEvidence) { w.evidence[o.Slug] = append(w.evidence[o.Slug], e) }
	add(gdynia, hostEvidence{ecosystem.HostPractises, housing, nil, housing.Themes, f.rel(ecosystem.RelPractises, gdynia, housing).Sources})
	add(gdynia, hostEvidence{ecosystem.HostHostedVisit, nil, visit, visit.Themes, f.rel(ecosystem.RelHosted, gdynia, visit).Sources})
	add(lublin, hostEvidence{ecosystem.HostDeveloped, coop, nil, coop.Themes, f.rel(ecosystem.RelDeveloped, lublin, coop).Sources})
	add(krasnik, hostEvidence{ecosystem.HostHostedVisit, nil, visit, visit.Themes, f.rel(ecosystem.RelHosted, krasnik, visit).Sources})
	w.forumRel = f.rel(ecosystem.RelFeaturedAt, kos, forum)
	add(kos, hostEvidence{ecosystem.HostFeaturedAt, housing, forum, housing.Themes, citations(w.forumRel, showcased)})
	add(seatless, hostEvidence{ecosystem.HostPractises, housing, nil, housing.Themes, f.rel(ecosystem.RelPractises, seatless, housing).Sources})
	add(gdansk, hostEvidence{ecosystem.HostHostedVisit, nil, visit, visit.Themes, f.rel(ecosystem.RelHosted, gdansk, visit).Sources})
	add(double, hostEvidence{ecosystem.HostPractises, coop, nil, coop.Themes, f.rel(ecosystem.RelPractises, double, coop).Sources})
	add(double, hostEvidence{ecosystem.HostDeveloped, coop, nil, coop.Themes, f.rel(ecosystem.RelDeveloped, double, coop).Sources})
	return w
}

// expectedHost is a candidate the contract ranks at a given place with a given score.
type expectedHost struct {
	slug  string
	score float64
}

// matches builds the expected matches for q from the fixture's evidence, in the order given.
func (w hostsWorld) matches(t *testing.T, q store.HostQuery, want []expectedHost) []ecosystem.HostMatch {
	t.Helper()
	out := []ecosystem.HostMatch{}
	for _, e := range want {
		m := ecosystem.HostMatch{Organisation: ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: e.slug}}
		for _, ev := range w.evidence[e.slug] {
			themes := store.MatchThemes(ev.themes, q.Themes)
			if len(q.Themes) > 0 && len(themes) == 0 {
				continue
			}
			r := ecosystem.HostReason{Kind: ev.kind, Themes: themes, Sources: ev.sources}
			if ev.practice != nil {
				r.Practice = keyOf(ev.practice)
			}
			if ev.event != nil {
				r.Event = keyOf(ev.event)
			}
			m.Reasons = append(m.Reasons, r)
		}
		m.Score, m.Themes = store.ScoreHost(m.Reasons, q.Themes)
		if m.Score != e.score {
			t.Fatalf("the case expects %s to score %v, the contract's weights give %v", e.slug, e.score, m.Score)
		}
		if p := w.seats[e.slug]; q.Near != nil && p != nil {
			d := geo.DistanceKm(*q.Near, *p)
			m.DistanceKm = &d
		}
		out = append(out, m)
	}
	return out
}

func checkHosts(t *testing.T, s store.Store, q store.HostQuery, want []ecosystem.HostMatch) {
	t.Helper()
	got, err := s.Hosts(t.Context(), q)
	must(t, err)
	if len(got) != len(want) {
		t.Errorf("got %d hosts, want %d", len(got), len(want))
	}
	for i := range max(len(got), len(want)) {
		switch {
		case i >= len(got):
			t.Errorf("missing host %d: %s", i, show(want[i]))
		case i >= len(want):
			t.Errorf("unexpected host %d: %s", i, show(got[i]))
		case !reflect.DeepEqual(got[i], want[i]):
			t.Errorf("host %d:\ngot  %s\nwant %s", i, show(got[i]), show(want[i]))
		}
	}
}

func testHostsThemes(t *testing.T, s store.Store) {
	f := newFixture(t)
	w := hostsFixture(f)
	f.apply(s)
	housing := []ecosystem.Theme{ecosystem.ThemeSupportedHousing}
	two := []ecosystem.Theme{ecosystem.ThemeSupportedHousing, ecosystem.ThemeSocialCooperatives}
	cases := []struct {
		name string
		q    store.HostQuery
		want []expectedHost
	}{
		{"one theme", store.HostQuery{Themes: housing, Limit: 10}, []expectedHost{
			{"gdynia-host", 10}, {"seatless", 8}, {"krasnik-host", 7}, {"gdansk-host", 7}, {"kos", 6},
		}},
		{"two themes", store.HostQuery{Themes: two, Limit: 10}, []expectedHost{
			{"gdynia-host", 7.5}, {"seatless", 5.5}, {"lublin-host", 5.5}, {"double", 5.5},
			{"krasnik-host", 4.5}, {"gdansk-host", 4.5}, {"kos", 3.5},
		}},
		{"repeated theme", store.HostQuery{Themes: []ecosystem.Theme{ecosystem.ThemeSocialCooperatives, ecosystem.ThemeSocialCooperatives}, Limit: 10}, []expectedHost{
			{"lublin-host", 8}, {"double", 8},
		}},
		{"theme of a practice's second tag", store.HostQuery{Themes: []ecosystem.Theme{ecosystem.ThemeIndependentLiving}, Limit: 10}, []expectedHost{
			{"seatless", 8}, {"gdynia-host", 8}, {"kos", 6},
		}},
		{"no themes means any evidence", store.HostQuery{Limit: 10}, []expectedHost{
			{"gdynia-host", 5}, {"seatless", 3}, {"lublin-host", 3}, {"double", 3}, {"krasnik-host", 2}, {"gdansk-host", 2}, {"kos", 1},
		}},
		{"theme without evidence", store.HostQuery{Themes: []ecosystem.Theme{ecosystem.ThemeCSR}, Limit: 10}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkHosts(t, s, c.q, w.matches(t, c.q, c.want))
		})
	}

	t.Run("event's own theme", func(t *testing.T) {
		// The forum showcases a housing practice but is itself about social economy: asked for
		// social economy, the forum's own theme is the evidence.
		q := store.HostQuery{Themes: []ecosystem.Theme{ecosystem.ThemeSocialEconomy}, Limit: 10}
		want := []ecosystem.HostMatch{{
			Organisation: ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "kos"}, Score: 6,
			Themes: []ecosystem.Theme{ecosystem.ThemeSocialEconomy},
			Reasons: []ecosystem.HostReason{{
				Kind: ecosystem.HostFeaturedAt, Event: keyOf(w.forum), Themes: []ecosystem.Theme{ecosystem.ThemeSocialEconomy},
				Sources: w.forumRel.Sources,
			}},
		}}
		checkHosts(t, s, q, want)
	})
}

func testHostsNear(t *testing.T, s store.Store) {
	f := newFixture(t)
	w := hostsFixture(f)
	f.apply(s)
	housing := []ecosystem.Theme{ecosystem.ThemeSupportedHousing}
	two := []ecosystem.Theme{ecosystem.ThemeSupportedHousing, ecosystem.ThemeSocialCooperatives}
	gdansk := pointGdansk
	toGdynia := geo.DistanceKm(*gdansk, *pointGdynia)
	cases := []struct {
		name string
		q    store.HostQuery
		want []expectedHost
	}{
		// Equal scores: the nearer first, so Zulu in Gdańsk before Delta in Kraśnik.
		{"distance breaks ties", store.HostQuery{Themes: housing, Near: gdansk, Limit: 10}, []expectedHost{
			{"gdynia-host", 10}, {"seatless", 8}, {"gdansk-host", 7}, {"krasnik-host", 7}, {"kos", 6},
		}},
		// An unknown distance comes last among equal scores, whatever the name; equal distances
		// fall back on the name.
		{"unknown distance last", store.HostQuery{Themes: two, Near: gdansk, Limit: 10}, []expectedHost{
			{"gdynia-host", 7.5}, {"lublin-host", 5.5}, {"double", 5.5}, {"seatless", 5.5},
			{"gdansk-host", 4.5}, {"krasnik-host", 4.5}, {"kos", 3.5},
		}},
		{"radius", store.HostQuery{Themes: housing, Near: gdansk, RadiusKm: 50, Limit: 10}, []expectedHost{
			{"gdynia-host", 10}, {"gdansk-host", 7},
		}},
		{"radius is inclusive", store.HostQuery{Themes: housing, Near: gdansk, RadiusKm: toGdynia, Limit: 10}, []expectedHost{
			{"gdynia-host", 10}, {"gdansk-host", 7},
		}},
		{"radius just short", store.HostQuery{Themes: housing, Near: gdansk, RadiusKm: toGdynia - 0.1, Limit: 10}, []expectedHost{
			{"gdansk-host", 7},
		}},
		{"radius without themes", store.HostQuery{Near: pointLublin, RadiusKm: 100, Limit: 10}, []expectedHost{
			{"lublin-host", 3}, {"double", 3}, {"krasnik-host", 2},
		}},
		// Near a point without themes, the plan asks what is near: institutions without
		// evidence come too, after those with, by distance.
		{"near without themes lists what has no evidence, after", store.HostQuery{Near: gdansk, RadiusKm: 50, Limit: 10}, []expectedHost{
			{"gdynia-host", 5}, {"gdansk-host", 2}, {"no-evidence", 0}, {"organiser", 0},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkHosts(t, s, c.q, w.matches(t, c.q, c.want))
		})
	}
	t.Run("distances", func(t *testing.T) {
		got, err := s.Hosts(t.Context(), store.HostQuery{Near: gdansk, Limit: 10})
		must(t, err)
		for _, m := range got {
			p := w.seats[m.Organisation.Slug]
			switch {
			case p == nil && m.DistanceKm != nil:
				t.Errorf("%s has no seat but a distance %v", m.Organisation, *m.DistanceKm)
			case p != nil && (m.DistanceKm == nil || *m.DistanceKm != geo.DistanceKm(*gdansk, *p)):
				t.Errorf("%s: distance %s, want %v", m.Organisation, show(m.DistanceKm), geo.DistanceKm(*gdansk, *p))
			}
		}
		if toGdynia < 15 || toGdynia > 30 {
			t.Errorf("Gdańsk to Gdynia is %v km; the fixture's coordinates are wrong", toGdynia)
		}
	})
	t.Run("no point, no distance", func(t *testing.T) {
		got, err := s.Hosts(t.Context(), store.HostQuery{RadiusKm: 10, Limit: 10})
		must(t, err)
		for _, m := range got {
			if m.DistanceKm != nil {
				t.Errorf("%s has a distance without a point", m.Organisation)
			}
		}
		if len(got) != 7 {
			t.Errorf("a radius without a point filtered: %d hosts, want 7", len(got))
		}
	})
}

func testHostsRestrictions(t *testing.T, s store.Store) {
	f := newFixture(t)
	w := hostsFixture(f)
	f.apply(s)
	housing := []ecosystem.Theme{ecosystem.ThemeSupportedHousing}
	cases := []struct {
		name string
		q    store.HostQuery
		want []expectedHost
	}{
		{"within a voivodeship by seat or served area", store.HostQuery{Themes: housing, Within: keyOf(w.g.pomorskie), Limit: 10}, []expectedHost{
			{"gdynia-host", 10}, {"seatless", 8}, {"gdansk-host", 7},
		}},
		{"within a city", store.HostQuery{Within: keyOf(w.g.gdynia), Limit: 10}, []expectedHost{
			{"gdynia-host", 5},
		}},
		{"within another voivodeship", store.HostQuery{Within: keyOf(w.g.lubelskie), Limit: 10}, []expectedHost{
			{"lublin-host", 3}, {"double", 3}, {"krasnik-host", 2},
		}},
		{"within abroad", store.HostQuery{Within: keyOf(w.g.sweden), Limit: 10}, []expectedHost{
			{"kos", 1},
		}},
		{"kinds", store.HostQuery{Themes: housing, Kinds: []ecosystem.OrganisationKind{ecosystem.KindWTZ}, Limit: 10}, []expectedHost{
			{"seatless", 8}, {"krasnik-host", 7},
		}},
		{"limit", store.HostQuery{Themes: housing, Limit: 2}, []expectedHost{
			{"gdynia-host", 10}, {"seatless", 8},
		}},
		{"everything at once", store.HostQuery{
			Themes: housing, Within: keyOf(w.g.pomorskie), Kinds: []ecosystem.OrganisationKind{ecosystem.KindOPS},
			Near: pointGdansk, RadiusKm: 30, Limit: 1,
		}, []expectedHost{
			{"gdynia-host", 10},
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkHosts(t, s, c.q, w.matches(t, c.q, c.want))
		})
	}
}

func testHostsErrors(t *testing.T, s store.Store) {
	f := newFixture(t)
	hostsFixture(f)
	f.apply(s)
	cases := []struct {
		name string
		q    store.HostQuery
		want error
	}{
		{"unknown place", store.HostQuery{Within: &ecosystem.NodeKey{Type: ecosystem.NodePlace, Slug: "atlantyda"}, Limit: 10}, store.ErrNotFound},
		{"zero limit", store.HostQuery{}, store.ErrInvalid},
		{"negative limit", store.HostQuery{Limit: -3}, store.ErrInvalid},
		{"negative radius", store.HostQuery{Near: pointGdansk, RadiusKm: -1, Limit: 10}, store.ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Hosts(t.Context(), c.q)
			wantErr(t, err, c.want)
		})
	}
}

// testHostThemesFollowChanges changes the evidence that makes organisations hosts on a theme,
// one kind of change at a time, and checks after each step that hosts on the theme and the
// listing filtered by it agree with the evidence (a backend that stores each organisation's
// themes must keep them).
func testHostThemesFollowChanges(t *testing.T, s store.Store) {
	f := newFixture(t)
	housing, deinst := ecosystem.ThemeSupportedHousing, ecosystem.ThemeDeinstitutionalisation
	practitioner := f.org("practitioner", "Praktyk", ecosystem.KindNGO)
	hostOrg := f.org("visit-host", "Gospodarz", ecosystem.KindOPS)
	practice := f.practice("mieszkania", "Mieszkania wspomagane", housing)
	visit := f.event("wizyta", "Wizyta", ecosystem.EventStudyVisit, nil, nil)
	f.rel(ecosystem.RelPractises, practitioner, practice)
	f.rel(ecosystem.RelHosted, hostOrg, visit)
	f.apply(s)

	check := func(step string, theme ecosystem.Theme, want ...string) {
		t.Helper()
		slices.Sort(want)
		hosts, err := s.Hosts(t.Context(), store.HostQuery{Themes: []ecosystem.Theme{theme}, Limit: 10})
		must(t, err)
		var got []string
		for _, h := range hosts {
			got = append(got, h.Organisation.Slug)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: hosts on %s %v, want %v", step, theme, got, want)
		}
		page, err := s.Organisations(t.Context(), store.OrganisationFilter{Themes: []ecosystem.Theme{theme}}, store.OrganisationOrder{Field: store.OrderByName}, store.Page{First: 10})
		must(t, err)
		got = got[:0]
		for _, o := range page.Items {
			got = append(got, o.Slug)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s: listed on %s %v, want %v", step, theme, got, want)
		}
	}
	check("a practice on housing", housing, "practitioner")

	showcased := f.rel(ecosystem.RelShowcased, visit, practice)
	f.apply(s)
	check("the visit showcased it", housing, "practitioner", "visit-host")

	retagged := *practice
	retagged.Themes = []ecosystem.Theme{deinst}
	_, err := s.Apply(t.Context(), store.ChangeSet{PutNodes: []ecosystem.Node{&retagged}})
	must(t, err)
	check("the practice retagged (old theme)", housing)
	check("the practice retagged (new theme)", deinst, "practitioner", "visit-host")

	_, err = s.Apply(t.Context(), store.ChangeSet{DeleteRelations: []string{showcased.ID}})
	must(t, err)
	check("no longer showcased", deinst, "practitioner")

	themed := *visit
	themed.Themes = []ecosystem.Theme{housing}
	_, err = s.Apply(t.Context(), store.ChangeSet{PutNodes: []ecosystem.Node{&themed}})
	must(t, err)
	check("the visit itself on housing", housing, "visit-host")

	// A second practice, showcased, is merged into the first: its evidence moves with it.
	other := f.practice("mieszkania-2", "Mieszkania treningowe", housing)
	f.rel(ecosystem.RelShowcased, visit, other)
	f.apply(s)
	_, err = s.Apply(t.Context(), store.ChangeSet{PutNodes: []ecosystem.Node{visit}})
	must(t, err)
	check("the visit untagged, showcasing a housing practice", housing, "visit-host")
	_, err = s.Apply(t.Context(), store.ChangeSet{Merges: []store.Merge{{Survivor: practice.Key(), Merged: other.Key()}}})
	must(t, err)
	check("that practice merged into the retagged one", housing)
	check("that practice merged into the retagged one (its theme)", deinst, "practitioner", "visit-host")

	_, err = s.Apply(t.Context(), store.ChangeSet{DeleteNodes: []ecosystem.NodeKey{practice.Key()}})
	must(t, err)
	check("the practice deleted", deinst)

	// The organisation put again keeps its evidence.
	f.rel(ecosystem.RelFeaturedAt, practitioner, visit)
	_, err = s.Apply(t.Context(), store.ChangeSet{PutNodes: []ecosystem.Node{&themed}})
	must(t, err)
	f.apply(s)
	_, err = s.Apply(t.Context(), store.ChangeSet{PutNodes: []ecosystem.Node{practitioner, hostOrg}})
	must(t, err)
	check("both organisations put again", housing, "practitioner", "visit-host")
}
