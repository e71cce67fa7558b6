package storetest

import (
	"errors"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/geo"
	"github.com/wtz-graph/kg/store"
)

// testOrganisationsNear: a listing near a point measures each organisation's seat, keeps those
// within the radius, orders by distance (ties by name, seats without a point last) across pages
// with cursors, counts them all, and gives each item its distance.
func testOrganisationsNear(t *testing.T, s store.Store) {
	f := newFixture(t)
	w := hostsFixture(f)
	f.apply(s)
	order := store.OrganisationOrder{Field: store.OrderByDistance}
	near := store.OrganisationFilter{Near: pointGdansk, RadiusKm: 50}
	page, err := s.Organisations(t.Context(), near, order, store.Page{First: 2})
	must(t, err)
	if page.TotalCount != 4 || !page.HasNextPage || len(page.Items) != 2 || len(page.Distances) != 2 {
		t.Fatalf("the first page near Gdańsk: %d of %d, next %v, %d distances", len(page.Items), page.TotalCount, page.HasNextPage, len(page.Distances))
	}
	next, err := s.Organisations(t.Context(), near, order, store.Page{First: 2, After: page.Cursors[1]})
	must(t, err)
	got := append(page.Items, next.Items...)
	dists := append(page.Distances, next.Distances...)
	want := []string{"no-evidence", "gdansk-host", "gdynia-host", "organiser"}
	if len(got) != len(want) || next.HasNextPage {
		t.Fatalf("near Gdańsk, two pages: %d items, more %v", len(got), next.HasNextPage)
	}
	for i, o := range got {
		if o.Slug != want[i] {
			t.Errorf("item %d is %s, want %s", i, o.Slug, want[i])
		}
		if p := w.seats[o.Slug]; p == nil || dists[i] == nil || *dists[i] != geo.DistanceKm(*pointGdansk, *p) {
			t.Errorf("%s: distance %s", o.Slug, show(dists[i]))
		}
	}
	// Without a radius everything comes, seats without a point last.
	all, err := s.Organisations(t.Context(), store.OrganisationFilter{Near: pointGdansk}, order, store.Page{First: 100})
	must(t, err)
	last := all.Items[len(all.Items)-1]
	if all.TotalCount != 9 || last.Slug != "seatless" || all.Distances[len(all.Distances)-1] != nil {
		t.Errorf("near Gdańsk without a radius: %d, last %s", all.TotalCount, last.Slug)
	}
	// Another filter still applies.
	kinds, err := s.Organisations(t.Context(), store.OrganisationFilter{Near: pointGdansk, RadiusKm: 50, Kinds: []ecosystem.OrganisationKind{ecosystem.KindOPS}}, order, store.Page{First: 10})
	must(t, err)
	if kinds.TotalCount != 4 {
		t.Errorf("OPS near Gdańsk: %d", kinds.TotalCount)
	}
	if _, err := s.Organisations(t.Context(), store.OrganisationFilter{}, order, store.Page{First: 10}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("an order by distance without a point: %v", err)
	}
	if _, err := s.Organisations(t.Context(), store.OrganisationFilter{Near: pointGdansk, RadiusKm: -1}, order, store.Page{First: 10}); !errors.Is(err, store.ErrInvalid) {
		t.Errorf("a negative radius: %v", err)
	}
}

// testSeatFollowsChanges moves, adds, removes, merges and deletes the places an organisation is
// seated in, and checks after each step that a listing near a point and the hosts near it
// measure the seat they should (a backend that stores the seat's point must keep it): the seat
// is the point of the LOCATED_IN place with the smallest global id among those with one.
func testSeatFollowsChanges(t *testing.T, s store.Store) {
	f := newFixture(t)
	gdansk := f.place("m-gdansk", "Gdańsk", ecosystem.PlaceCity, "PL", "", pointGdansk)
	lublin := f.place("m-lublin", "Lublin", ecosystem.PlaceCity, "PL", "", pointLublin)
	org := f.org("ops-seated", "OPS seated", ecosystem.KindOPS)
	f.rel(ecosystem.RelLocatedIn, org, lublin)
	f.apply(s)

	check := func(step string, want *ecosystem.GeoPoint) {
		t.Helper()
		// Within 30 km of the seat it should have (or of Gdańsk when it should have none).
		at := want
		if at == nil {
			at = pointGdansk
		}
		near, err := s.Organisations(t.Context(), store.OrganisationFilter{Near: at, RadiusKm: 30}, store.OrganisationOrder{Field: store.OrderByDistance}, store.Page{First: 10})
		must(t, err)
		listed := len(near.Items) == 1 && near.Items[0].Slug == org.Slug
		if listed != (want != nil) {
			t.Errorf("%s: listed within 30 km: %v, want %v", step, listed, want != nil)
		}
		hosts, err := s.Hosts(t.Context(), store.HostQuery{Near: at, RadiusKm: 30, Limit: 10})
		must(t, err)
		if (len(hosts) == 1) != (want != nil) {
			t.Errorf("%s: %d hosts within 30 km, want %v", step, len(hosts), want != nil)
		}
		all, err := s.Organisations(t.Context(), store.OrganisationFilter{Near: pointKrasnik}, store.OrganisationOrder{Field: store.OrderByDistance}, store.Page{First: 10})
		must(t, err)
		if len(all.Items) != 1 {
			t.Fatalf("%s: %d organisations without a radius", step, len(all.Items))
		}
		switch d := all.Distances[0]; {
		case want == nil && d != nil:
			t.Errorf("%s: a distance %.1f km without a seat", step, *d)
		case want != nil && (d == nil || *d != geo.DistanceKm(*pointKrasnik, *want)):
			t.Errorf("%s: distance %s, want %.3f", step, show(d), geo.DistanceKm(*pointKrasnik, *want))
		}
	}
	check("seated in Lublin", pointLublin)

	moved := *lublin
	moved.Point = pointGebice
	_, err := s.Apply(t.Context(), store.ChangeSet{PutNodes: []ecosystem.Node{&moved}})
	must(t, err)
	check("the seat's point moved", pointGebice)

	// A second seat with a smaller global id comes first.
	first := f.place("a-krasnik", "Kraśnik", ecosystem.PlaceCity, "PL", "", pointKrasnik)
	second := f.rel(ecosystem.RelLocatedIn, org, first)
	f.apply(s)
	check("a second seat, first by id", pointKrasnik)

	_, err = s.Apply(t.Context(), store.ChangeSet{DeleteRelations: []string{second.ID}})
	must(t, err)
	check("the second seat removed", pointGebice)

	_, err = s.Apply(t.Context(), store.ChangeSet{Merges: []store.Merge{{Survivor: gdansk.Key(), Merged: lublin.Key()}}})
	must(t, err)
	check("the seat merged into Gdańsk", pointGdansk)

	pointless := *gdansk
	pointless.Point = nil
	_, err = s.Apply(t.Context(), store.ChangeSet{PutNodes: []ecosystem.Node{&pointless}})
	must(t, err)
	check("the seat lost its point", nil)

	_, err = s.Apply(t.Context(), store.ChangeSet{PutNodes: []ecosystem.Node{gdansk}})
	must(t, err)
	check("the point back", pointGdansk)

	_, err = s.Apply(t.Context(), store.ChangeSet{DeleteNodes: []ecosystem.NodeKey{gdansk.Key()}})
	must(t, err)
	check("the seat deleted", nil)
}
