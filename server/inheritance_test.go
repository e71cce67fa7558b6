package main

import (
	"encoding/json"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
	"github.com/wtz-graph/kg/store/memory"
)

// TestASessionOfASessionShowsTheVisitsDatesEverywhere: a practice shown at a session of an
// undated session of a dated visit has the visit's dates, place and organiser in shownAt, and
// the same dates in the timeline of the session's host. Before, shownAt read the direct parent only, so it showed no
// dates where the timeline showed the visit's.
func TestASessionOfASessionShowsTheVisitsDatesEverywhere(t *testing.T) {
	cite := []ecosystem.Citation{{Source: "src", Locator: "¶1"}}
	d := func(s string) *ecosystem.PartialDate {
		p, err := ecosystem.ParsePartialDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return &p
	}
	ent := func(slug, name string) ecosystem.Entity {
		return ecosystem.Entity{Slug: slug, Name: name, Sources: cite}
	}
	src := &ecosystem.Source{Entity: ecosystem.Entity{Slug: "src", Name: "Relacja"}, Kind: ecosystem.SourceArticle, Language: "pl"}
	visit := &ecosystem.Event{Entity: ent("visit", "Wizyta studyjna"), Kind: ecosystem.EventStudyVisit, Status: ecosystem.StatusHeld, Start: d("2023-05-10"), End: d("2023-05-12")}
	day := &ecosystem.Event{Entity: ent("day", "Dzień drugi"), Kind: ecosystem.EventSession, Status: ecosystem.StatusHeld}
	talk := &ecosystem.Event{Entity: ent("talk", "Prezentacja"), Kind: ecosystem.EventSession, Status: ecosystem.StatusHeld}
	practice := &ecosystem.Practice{Entity: ent("practice", "Mieszkania treningowe")}
	city := &ecosystem.Place{Entity: ent("city", "Sztokholm"), Kind: ecosystem.PlaceCity, Country: "SE"}
	org := &ecosystem.Organisation{Entity: ent("org", "Stowarzyszenie"), Kind: ecosystem.KindAssociation, Country: "PL"}
	host := &ecosystem.Organisation{Entity: ent("host", "Gospodarz"), Kind: ecosystem.KindForeign, Country: "SE"}
	rel := func(typ ecosystem.RelationType, from, to ecosystem.Node) *ecosystem.Relation {
		return &ecosystem.Relation{ID: ecosystem.RelationID(typ, from.Key(), to.Key()), Type: typ, From: from.Key(), To: to.Key(), Sources: cite}
	}
	s := memory.New()
	if _, err := s.Apply(t.Context(), store.ChangeSet{
		PutNodes: []ecosystem.Node{src, visit, day, talk, practice, city, org, host},
		PutRelations: []*ecosystem.Relation{
			rel(ecosystem.RelPartOf, day, visit), rel(ecosystem.RelPartOf, talk, day),
			rel(ecosystem.RelShowcased, talk, practice), rel(ecosystem.RelHeldIn, visit, city),
			rel(ecosystem.RelOrganised, org, visit), rel(ecosystem.RelHosted, host, talk),
		},
	}); err != nil {
		t.Fatal(err)
	}
	srv := testServer(t, s)
	_, resp, raw := post(t, srv, `{
		practice(id: "Practice:practice") { shownAt { event { id } partOf { id } start end places { id } organisers { id } } }
		organisation(id: "Organisation:host") { timeline { event { id } start end } }
	}`, nil)
	if len(resp.Errors) > 0 {
		t.Fatalf("errors: %s", raw)
	}
	var got struct {
		Practice struct {
			ShownAt []struct {
				Event      struct{ ID string }
				PartOf     struct{ ID string }
				Start, End string
				Places     []struct{ ID string }
				Organisers []struct{ ID string }
			}
		}
		Organisation struct {
			Timeline []struct {
				Event      struct{ ID string }
				Start, End string
			}
		}
	}
	if err := json.Unmarshal(resp.Data, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.Practice.ShownAt) != 1 || len(got.Organisation.Timeline) != 1 {
		t.Fatalf("shownAt %d, timeline %d entries: %s", len(got.Practice.ShownAt), len(got.Organisation.Timeline), raw)
	}
	sh, tl := got.Practice.ShownAt[0], got.Organisation.Timeline[0]
	if tl.Event.ID != "Event:talk" {
		t.Fatalf("the host's timeline has %s, want Event:talk", tl.Event.ID)
	}
	if sh.PartOf.ID != "Event:day" {
		t.Errorf("partOf %s, want the direct parent Event:day", sh.PartOf.ID)
	}
	if sh.Start != "2023-05-10" || sh.End != "2023-05-12" {
		t.Errorf("shownAt dates %q–%q, want the visit's 2023-05-10–2023-05-12", sh.Start, sh.End)
	}
	if tl.Start != sh.Start || tl.End != sh.End {
		t.Errorf("timeline dates %q–%q differ from shownAt's %q–%q", tl.Start, tl.End, sh.Start, sh.End)
	}
	if len(sh.Places) != 1 || sh.Places[0].ID != "Place:city" {
		t.Errorf("places %v, want the visit's Place:city", sh.Places)
	}
	if len(sh.Organisers) != 1 || sh.Organisers[0].ID != "Organisation:org" {
		t.Errorf("organisers %v, want the visit's Organisation:org", sh.Organisers)
	}
}
