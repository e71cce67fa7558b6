package storetest

import (
	"reflect"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// partnersWorld is an organisation with one partner for every kind of evidence, and neighbours
// that are not partners.
type partnersWorld struct {
	self, foxtrot *ecosystem.Organisation
	// all are the partnerships of self, in the contract's order: most evidence first, then the
	// strongest kind of evidence, then name.
	all []ecosystem.Partnership
}

func partnersFixture(f *fixture) partnersWorld {
	org := func(slug, name string) *ecosystem.Organisation { return f.org(slug, name, ecosystem.KindNGO) }
	self := org("self-org", "Organizacja Własna")
	bravo := org("bravo", "Bravo")
	charlie := org("charlie", "Charlie")
	delta := org("delta", "Delta")
	echo := org("echo", "Echo")
	foxtrot := org("foxtrot", "Foxtrot")
	golf := org("golf", "Golf")
	hotel := org("hotel", "Hotel")
	india := org("india", "India")
	juliet := org("juliet", "Juliet")
	kilo := org("kilo", "Kilo")
	lima := org("lima", "Lima")
	xray := org("xray", "Xray")
	anna := f.person("anna", "Anna Nowak")
	project := f.project("projekt", "Projekt")
	programme := f.programme("program", "Program")
	conference := f.event("konferencja", "Konferencja", ecosystem.EventConference, date(2019, 0, 0), nil)
	meeting := f.event("spotkanie", "Spotkanie", ecosystem.EventMeeting, date(2020, 0, 0), nil)
	visit := f.event("wizyta", "Wizyta studyjna", ecosystem.EventStudyVisit, date(2022, 0, 0), nil)
	session := f.event("sesja", "Sesja", ecosystem.EventSession, nil, nil)

	selfLeads := f.rel(ecosystem.RelLeads, self, project)
	bravoPartner := f.rel(ecosystem.RelPartnerIn, bravo, project)
	f.rel(ecosystem.RelParticipatedIn, charlie, project) // a participant is not a partner
	bravoCoop := f.rel(ecosystem.RelCooperatesWith, bravo, self)
	selfInProgramme := f.rel(ecosystem.RelPartnerIn, self, programme)
	limaLeads := f.rel(ecosystem.RelLeads, lima, programme)
	selfOrganised := f.rel(ecosystem.RelOrganised, self, conference)
	deltaVenue := f.rel(ecosystem.RelProvidedVenue, delta, conference)
	kiloHosted := f.rel(ecosystem.RelHosted, kilo, conference)
	f.rel(ecosystem.RelAttended, juliet, conference) // attending makes no partner
	f.rel(ecosystem.RelAttended, anna, conference)
	selfHosted := f.rel(ecosystem.RelHosted, self, meeting)
	echoHosted := f.rel(ecosystem.RelHosted, echo, meeting)
	selfOrganisedVisit := f.rel(ecosystem.RelOrganised, self, visit)
	f.rel(ecosystem.RelPartOf, session, visit)
	foxtrotHosted := f.rel(ecosystem.RelHosted, foxtrot, session)
	selfFounded := f.rel(ecosystem.RelFounded, self, xray) // the founded organisation is no partner
	golfFounded := f.rel(ecosystem.RelFounded, golf, xray)
	selfCoop := f.rel(ecosystem.RelCooperatesWith, self, hotel)
	indiaCommissions := f.rel(ecosystem.RelCommissions, india, self)

	ev := func(kind ecosystem.PartnershipKind, via ecosystem.Node, own, theirs ecosystem.RelationType, rs ...*ecosystem.Relation) ecosystem.PartnershipEvidence {
		return ecosystem.PartnershipEvidence{Kind: kind, Via: via.Key(), OwnRole: own, PartnerRole: theirs, Sources: citations(rs...)}
	}
	partner := func(n ecosystem.Node, evs ...ecosystem.PartnershipEvidence) ecosystem.Partnership {
		return ecosystem.Partnership{Partner: n.Key(), Evidence: evs}
	}
	return partnersWorld{
		self: self, foxtrot: foxtrot,
		all: []ecosystem.Partnership{
			partner(bravo,
				ev(ecosystem.PartnershipSharedProject, project, ecosystem.RelLeads, ecosystem.RelPartnerIn, selfLeads, bravoPartner),
				ev(ecosystem.PartnershipCooperation, bravo, "", ecosystem.RelCooperatesWith, bravoCoop)),
			partner(lima, ev(ecosystem.PartnershipSharedProject, programme, ecosystem.RelPartnerIn, ecosystem.RelLeads, selfInProgramme, limaLeads)),
			partner(delta, ev(ecosystem.PartnershipCoOrganisedEvent, conference, ecosystem.RelOrganised, ecosystem.RelProvidedVenue, selfOrganised, deltaVenue)),
			partner(echo, ev(ecosystem.PartnershipCoHostedEvent, meeting, ecosystem.RelHosted, ecosystem.RelHosted, selfHosted, echoHosted)),
			partner(foxtrot, ev(ecosystem.PartnershipOrganiserAndHost, session, ecosystem.RelOrganised, ecosystem.RelHosted, selfOrganisedVisit, foxtrotHosted)),
			partner(kilo, ev(ecosystem.PartnershipOrganiserAndHost, conference, ecosystem.RelOrganised, ecosystem.RelHosted, selfOrganised, kiloHosted)),
			partner(golf, ev(ecosystem.PartnershipCoFounded, xray, ecosystem.RelFounded, ecosystem.RelFounded, selfFounded, golfFounded)),
			partner(hotel, ev(ecosystem.PartnershipCooperation, hotel, ecosystem.RelCooperatesWith, "", selfCoop)),
			partner(india, ev(ecosystem.PartnershipCooperation, india, "", ecosystem.RelCommissions, indiaCommissions)),
		},
	}
}

func testPartnersKinds(t *testing.T, s store.Store) {
	f := newFixture(t)
	w := partnersFixture(f)
	f.apply(s)
	got, err := s.Partners(t.Context(), store.PartnerQuery{Of: w.self.Key(), Limit: 100})
	must(t, err)
	if len(got) != len(w.all) {
		t.Errorf("got %d partners, want %d", len(got), len(w.all))
	}
	for i := range max(len(got), len(w.all)) {
		switch {
		case i >= len(got):
			t.Errorf("missing partner %s", show(w.all[i]))
		case i >= len(w.all):
			t.Errorf("unexpected partner %s", show(got[i]))
		case !reflect.DeepEqual(got[i], w.all[i]):
			t.Errorf("partner %d:\ngot  %s\nwant %s", i, show(got[i]), show(w.all[i]))
		}
	}
}

func testPartnersOrganiserAndHostFromHost(t *testing.T, s store.Store) {
	f := newFixture(t)
	w := partnersFixture(f)
	f.apply(s)
	got, err := s.Partners(t.Context(), store.PartnerQuery{Of: w.foxtrot.Key(), Limit: 10})
	must(t, err)
	// The organiser's evidence seen from the host's side: the roles swap, the citations follow.
	mine := w.all[4].Evidence[0]
	want := []ecosystem.Partnership{{Partner: w.self.Key(), Evidence: []ecosystem.PartnershipEvidence{{
		Kind: ecosystem.PartnershipOrganiserAndHost, Via: mine.Via, OwnRole: ecosystem.RelHosted, PartnerRole: ecosystem.RelOrganised,
		Sources: []ecosystem.Citation{mine.Sources[1], mine.Sources[0]},
	}}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %s\nwant %s", show(got), show(want))
	}
}

func testPartnersFilterAndLimit(t *testing.T, s store.Store) {
	f := newFixture(t)
	w := partnersFixture(f)
	f.apply(s)
	bravo, lima, delta, echo, golf, hotel, india := w.all[0], w.all[1], w.all[2], w.all[3], w.all[6], w.all[7], w.all[8]
	bravoCoopOnly := ecosystem.Partnership{Partner: bravo.Partner, Evidence: bravo.Evidence[1:]}
	cases := []struct {
		name  string
		kinds []ecosystem.PartnershipKind
		limit int
		want  []ecosystem.Partnership
	}{
		{"cooperation", []ecosystem.PartnershipKind{ecosystem.PartnershipCooperation}, 10, []ecosystem.Partnership{bravoCoopOnly, hotel, india}},
		{"two kinds", []ecosystem.PartnershipKind{ecosystem.PartnershipCoHostedEvent, ecosystem.PartnershipCoFounded}, 10, []ecosystem.Partnership{echo, golf}},
		{"limit", nil, 3, []ecosystem.Partnership{bravo, lima, delta}},
		{"limit with a kind", []ecosystem.PartnershipKind{ecosystem.PartnershipCooperation}, 1, []ecosystem.Partnership{bravoCoopOnly}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.Partners(t.Context(), store.PartnerQuery{Of: w.self.Key(), Kinds: c.kinds, Limit: c.limit})
			must(t, err)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("got  %s\nwant %s", show(got), show(c.want))
			}
		})
	}
	t.Run("no partners", func(t *testing.T) {
		got, err := s.Partners(t.Context(), store.PartnerQuery{Of: ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "juliet"}, Limit: 10})
		must(t, err)
		if len(got) != 0 {
			t.Errorf("an attendee has partners %s", show(got))
		}
	})
}

func testPartnersErrors(t *testing.T, s store.Store) {
	f := newFixture(t)
	w := partnersFixture(f)
	f.apply(s)
	cases := []struct {
		name string
		q    store.PartnerQuery
		want error
	}{
		{"unknown organisation", store.PartnerQuery{Of: ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: "missing"}, Limit: 10}, store.ErrNotFound},
		{"a person", store.PartnerQuery{Of: ecosystem.NodeKey{Type: ecosystem.NodePerson, Slug: "anna"}, Limit: 10}, store.ErrInvalid},
		{"a project", store.PartnerQuery{Of: ecosystem.NodeKey{Type: ecosystem.NodeProject, Slug: "projekt"}, Limit: 10}, store.ErrInvalid},
		{"zero limit", store.PartnerQuery{Of: w.self.Key()}, store.ErrInvalid},
		{"negative limit", store.PartnerQuery{Of: w.self.Key(), Limit: -1}, store.ErrInvalid},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.Partners(t.Context(), c.q)
			wantErr(t, err, c.want)
		})
	}
}
