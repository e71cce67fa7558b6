package storetest

import (
	"reflect"
	"testing"

	"github.com/wtz-graph/kg/graph/model"
	"github.com/wtz-graph/kg/store"
)

// partnersWorld is an organisation with one partner for every kind of evidence, and neighbours
// that are not partners.
type partnersWorld struct {
	self, foxtrot *model.Organisation
	// all are the partnerships of self, in the contract's order: most evidence first, then the
	// strongest kind of evidence, then name.
	all []model.Partnership
}

func partnersFixture(f *fixture) partnersWorld {
	org := func(slug, name string) *model.Organisation { return f.org(slug, name, model.KindNGO) }
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
	conference := f.event("konferencja", "Konferencja", model.EventConference, date(2019, 0, 0), nil)
	meeting := f.event("spotkanie", "Spotkanie", model.EventMeeting, date(2020, 0, 0), nil)
	visit := f.event("wizyta", "Wizyta studyjna", model.EventStudyVisit, date(2022, 0, 0), nil)
	session := f.event("sesja", "Sesja", model.EventSession, nil, nil)

	selfLeads := f.rel(model.RelLeads, self, project)
	bravoPartner := f.rel(model.RelPartnerIn, bravo, project)
	f.rel(model.RelParticipatedIn, charlie, project) // a participant is not a partner
	bravoCoop := f.rel(model.RelCooperatesWith, bravo, self)
	selfInProgramme := f.rel(model.RelPartnerIn, self, programme)
	limaLeads := f.rel(model.RelLeads, lima, programme)
	selfOrganised := f.rel(model.RelOrganised, self, conference)
	deltaVenue := f.rel(model.RelProvidedVenue, delta, conference)
	kiloHosted := f.rel(model.RelHosted, kilo, conference)
	f.rel(model.RelAttended, juliet, conference) // attending makes no partner
	f.rel(model.RelAttended, anna, conference)
	selfHosted := f.rel(model.RelHosted, self, meeting)
	echoHosted := f.rel(model.RelHosted, echo, meeting)
	selfOrganisedVisit := f.rel(model.RelOrganised, self, visit)
	f.rel(model.RelPartOf, session, visit)
	foxtrotHosted := f.rel(model.RelHosted, foxtrot, session)
	selfFounded := f.rel(model.RelFounded, self, xray) // the founded organisation is no partner
	golfFounded := f.rel(model.RelFounded, golf, xray)
	selfCoop := f.rel(model.RelCooperatesWith, self, hotel)
	indiaCommissions := f.rel(model.RelCommissions, india, self)

	ev := func(kind model.PartnershipKind, via model.Node, own, theirs model.RelationType, rs ...*model.Relation) model.PartnershipEvidence {
		return model.PartnershipEvidence{Kind: kind, Via: via.Key(), OwnRole: own, PartnerRole: theirs, Sources: citations(rs...)}
	}
	partner := func(n model.Node, evs ...model.PartnershipEvidence) model.Partnership {
		return model.Partnership{Partner: n.Key(), Evidence: evs}
	}
	return partnersWorld{
		self: self, foxtrot: foxtrot,
		all: []model.Partnership{
			partner(bravo,
				ev(model.PartnershipSharedProject, project, model.RelLeads, model.RelPartnerIn, selfLeads, bravoPartner),
				ev(model.PartnershipCooperation, bravo, "", model.RelCooperatesWith, bravoCoop)),
			partner(lima, ev(model.PartnershipSharedProject, programme, model.RelPartnerIn, model.RelLeads, selfInProgramme, limaLeads)),
			partner(delta, ev(model.PartnershipCoOrganisedEvent, conference, model.RelOrganised, model.RelProvidedVenue, selfOrganised, deltaVenue)),
			partner(echo, ev(model.PartnershipCoHostedEvent, meeting, model.RelHosted, model.RelHosted, selfHosted, echoHosted)),
			partner(foxtrot, ev(model.PartnershipOrganiserAndHost, session, model.RelOrganised, model.RelHosted, selfOrganisedVisit, foxtrotHosted)),
			partner(kilo, ev(model.PartnershipOrganiserAndHost, conference, model.RelOrganised, model.RelHosted, selfOrganised, kiloHosted)),
			partner(golf, ev(model.PartnershipCoFounded, xray, model.RelFounded, model.RelFounded, selfFounded, golfFounded)),
			partner(hotel, ev(model.PartnershipCooperation, hotel, model.RelCooperatesWith, "", selfCoop)),
			partner(india, ev(model.PartnershipCooperation, india, "", model.RelCommissions, indiaCommissions)),
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
	want := []model.Partnership{{Partner: w.self.Key(), Evidence: []model.PartnershipEvidence{{
		Kind: model.PartnershipOrganiserAndHost, Via: mine.Via, OwnRole: model.RelHosted, PartnerRole: model.RelOrganised,
		Sources: []model.Citation{mine.Sources[1], mine.Sources[0]},
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
	bravoCoopOnly := model.Partnership{Partner: bravo.Partner, Evidence: bravo.Evidence[1:]}
	cases := []struct {
		name  string
		kinds []model.PartnershipKind
		limit int
		want  []model.Partnership
	}{
		{"cooperation", []model.PartnershipKind{model.PartnershipCooperation}, 10, []model.Partnership{bravoCoopOnly, hotel, india}},
		{"two kinds", []model.PartnershipKind{model.PartnershipCoHostedEvent, model.PartnershipCoFounded}, 10, []model.Partnership{echo, golf}},
		{"limit", nil, 3, []model.Partnership{bravo, lima, delta}},
		{"limit with a kind", []model.PartnershipKind{model.PartnershipCooperation}, 1, []model.Partnership{bravoCoopOnly}},
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
		got, err := s.Partners(t.Context(), store.PartnerQuery{Of: model.NodeKey{Type: model.NodeOrganisation, Slug: "juliet"}, Limit: 10})
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
		{"unknown organisation", store.PartnerQuery{Of: model.NodeKey{Type: model.NodeOrganisation, Slug: "missing"}, Limit: 10}, store.ErrNotFound},
		{"a person", store.PartnerQuery{Of: model.NodeKey{Type: model.NodePerson, Slug: "anna"}, Limit: 10}, store.ErrInvalid},
		{"a project", store.PartnerQuery{Of: model.NodeKey{Type: model.NodeProject, Slug: "projekt"}, Limit: 10}, store.ErrInvalid},
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
