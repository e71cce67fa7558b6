package storetest

import (
	"reflect"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// timelineWorld holds the fixture's nodes and the expected timelines, keyed by global id.
type timelineWorld struct {
	org  *ecosystem.Organisation
	want map[string][]ecosystem.TimelineEntry
}

// timelineFixture adds an organisation taking part in events directly and through two people, a
// study visit with sessions that have no dates of their own, a project, a programme, places
// within places and a practice.
func timelineFixture(f *fixture) timelineWorld {
	org := f.org("mops", "MOPS", ecosystem.KindOPS)
	anna := f.person("anna", "Anna Nowak")
	jan := f.person("jan", "Jan Kowalski")
	ewa := f.person("ewa", "Ewa Zielińska")
	f.rel(ecosystem.RelHoldsPosition, anna, org)
	f.rel(ecosystem.RelAffiliatedWith, jan, org)

	training := f.event("szkolenie", "Szkolenie", ecosystem.EventTraining, date(2018, 3, 0), date(2018, 4, 0))
	conference := f.event("konferencja", "Konferencja", ecosystem.EventConference, date(2019, 5, 10), nil)
	forum := f.event("forum", "Forum", ecosystem.EventForum, date(2021, 0, 0), nil)
	visit := f.event("wizyta", "Wizyta studyjna", ecosystem.EventStudyVisit, date(2022, 6, 1), date(2022, 6, 3))
	sessionA := f.event("sesja-a", "Sesja A", ecosystem.EventSession, nil, nil)
	sessionB := f.event("sesja-b", "Sesja B", ecosystem.EventSession, nil, nil)
	sessionB1 := f.event("sesja-b-1", "Sesja B1", ecosystem.EventSession, nil, nil)
	undated := f.event("spotkanie", "Spotkanie bez daty", ecosystem.EventMeeting, nil, nil)
	partA := f.rel(ecosystem.RelPartOf, sessionA, visit)
	partB := f.rel(ecosystem.RelPartOf, sessionB, visit)
	partB1 := f.rel(ecosystem.RelPartOf, sessionB1, sessionB)

	featured := f.rel(ecosystem.RelFeaturedAt, org, training)
	organised := f.rel(ecosystem.RelOrganised, org, conference)
	organised.Topic = "otwarcie"
	hosted := f.rel(ecosystem.RelHosted, org, sessionA)
	spoke := f.rel(ecosystem.RelSpokeAt, anna, forum)
	spoke.Topic = "asystencja osobista"
	attended := f.rel(ecosystem.RelAttended, anna, undated)
	moderated := f.rel(ecosystem.RelModerated, jan, visit)
	f.rel(ecosystem.RelAttended, ewa, conference) // ewa holds no position in the organisation

	project := f.project("projekt", "Projekt")
	programme := f.programme("program", "Program")
	inProject := f.rel(ecosystem.RelPartOf, conference, project)
	funded := f.rel(ecosystem.RelFundedBy, forum, programme)

	pomorskie := f.place("pomorskie", "województwo pomorskie", ecosystem.PlaceVoivodeship, "PL", "22", nil)
	gdynia := f.place("gdynia", "Gdynia", ecosystem.PlaceCity, "PL", "2262011", nil)
	site := f.place("przystan", "Przystań", ecosystem.PlaceSite, "PL", "", nil)
	f.rel(ecosystem.RelWithin, gdynia, pomorskie)
	f.rel(ecosystem.RelWithin, site, gdynia)
	heldConference := f.rel(ecosystem.RelHeldIn, conference, gdynia)
	heldVisit := f.rel(ecosystem.RelHeldIn, visit, pomorskie)
	heldForum := f.rel(ecosystem.RelHeldIn, forum, site)

	practice := f.practice("praktyka", "Praktyka", ecosystem.ThemeSocialEconomy)
	showVisit := f.rel(ecosystem.RelShowcased, visit, practice)
	showSession := f.rel(ecosystem.RelShowcased, sessionA, practice)

	entry := func(ev *ecosystem.Event, r *ecosystem.Relation, via ecosystem.Node) ecosystem.TimelineEntry {
		e := ecosystem.TimelineEntry{Event: ev.Key(), Start: ev.Start, End: ev.End, Role: r.Type, Topic: r.Topic, Sources: r.Sources}
		if ev == sessionA || ev == sessionB || ev == sessionB1 {
			// A session takes the dates of the visit it is part of, however deep.
			e.Start, e.End = visit.Start, visit.End
		}
		if via != nil {
			e.Via = keyOf(via)
		}
		return e
	}
	return timelineWorld{org: org, want: map[string][]ecosystem.TimelineEntry{
		org.ID(): {
			entry(training, featured, nil),
			entry(conference, organised, nil),
			entry(forum, spoke, anna),
			entry(sessionA, hosted, nil),
			entry(visit, moderated, jan),
			entry(undated, attended, anna),
		},
		anna.ID():      {entry(forum, spoke, nil), entry(undated, attended, nil)},
		jan.ID():       {entry(visit, moderated, nil)},
		project.ID():   {entry(conference, inProject, nil)},
		programme.ID(): {entry(forum, funded, nil)},
		visit.ID():     {entry(sessionA, partA, nil), entry(sessionB, partB, nil)},
		sessionB.ID():  {entry(sessionB1, partB1, nil)},
		pomorskie.ID(): {entry(conference, heldConference, gdynia), entry(forum, heldForum, site), entry(visit, heldVisit, nil)},
		gdynia.ID():    {entry(conference, heldConference, nil), entry(forum, heldForum, site)},
		site.ID():      {entry(forum, heldForum, nil)},
		practice.ID():  {entry(sessionA, showSession, nil), entry(visit, showVisit, nil)},
		sessionA.ID():  nil,
	}}
}

func checkTimeline(t *testing.T, got, want []ecosystem.TimelineEntry) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("got %d entries, want %d", len(got), len(want))
	}
	for i := range max(len(got), len(want)) {
		switch {
		case i >= len(got):
			t.Errorf("missing entry %d: %s", i, show(want[i]))
		case i >= len(want):
			t.Errorf("unexpected entry %d: %s", i, show(got[i]))
		case !reflect.DeepEqual(got[i], want[i]):
			t.Errorf("entry %d:\ngot  %s\nwant %s", i, show(got[i]), show(want[i]))
		}
	}
}

func testTimelineEntries(t *testing.T, s store.Store) {
	f := newFixture(t)
	w := timelineFixture(f)
	f.apply(s)
	for id, want := range w.want {
		t.Run(id, func(t *testing.T) {
			k, err := ecosystem.ParseGlobalID(id)
			must(t, err)
			got, err := s.Timeline(t.Context(), store.TimelineQuery{Node: k})
			must(t, err)
			checkTimeline(t, got, want)
		})
	}
	t.Run("unknown node", func(t *testing.T) {
		_, err := s.Timeline(t.Context(), store.TimelineQuery{Node: ecosystem.NodeKey{Type: ecosystem.NodePerson, Slug: "missing"}})
		wantErr(t, err, store.ErrNotFound)
	})
}

func testTimelineDateFilter(t *testing.T, s store.Store) {
	f := newFixture(t)
	w := timelineFixture(f)
	f.apply(s)
	all := w.want[w.org.ID()]
	training, conference, forum, session, visit := all[0], all[1], all[2], all[3], all[4]
	cases := []struct {
		name     string
		from, to *ecosystem.PartialDate
		want     []ecosystem.TimelineEntry
	}{
		{"no bounds keeps undated entries", nil, nil, all},
		{"from a year", date(2020, 0, 0), nil, []ecosystem.TimelineEntry{forum, session, visit}},
		{"to a month", nil, date(2019, 12, 0), []ecosystem.TimelineEntry{training, conference}},
		{"to far ahead leaves out undated entries", nil, date(2030, 0, 0), all[:5]},
		{"both bounds inclusive", date(2018, 4, 15), date(2019, 5, 10), []ecosystem.TimelineEntry{training, conference}},
		{"a day inside a visit's span", date(2022, 6, 2), date(2022, 6, 2), []ecosystem.TimelineEntry{session, visit}},
		{"the day after a visit", date(2022, 6, 4), nil, nil},
		{"a month after an event's end", date(2018, 5, 0), date(2018, 5, 0), nil},
		{"one year", date(2019, 0, 0), date(2019, 0, 0), []ecosystem.TimelineEntry{conference}},
		{"the year of a year-only date", date(2021, 7, 1), date(2021, 7, 31), []ecosystem.TimelineEntry{forum}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.Timeline(t.Context(), store.TimelineQuery{Node: w.org.Key(), From: c.from, To: c.to})
			must(t, err)
			checkTimeline(t, got, c.want)
		})
	}
}
