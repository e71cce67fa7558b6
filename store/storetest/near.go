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
