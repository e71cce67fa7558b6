package storetest

import (
	"encoding/base64"
	"fmt"
	"slices"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// listingFixture adds eight organisations in three voivodeships and abroad, with kinds, degrees,
// names and theme evidence chosen so that every filter and order gives a distinct answer.
//
// Sort names: cis-gdynia "centrum…", kos "kooperativet…", laka-a and laka-b both "laka fundacja"
// (only the slug breaks the tie; "Łąka" must fold to "laka"), mops-gdynia "miejski…",
// pcpr-krasnik "powiatowe…", rops-gdansk "regionalny…", empatia "stowarzyszenie…".
//
// Degrees: rops-gdansk 4, mops-gdynia 3, cis-gdynia, pcpr-krasnik and empatia 2, kos and laka-b
// 1, laka-a 0.
func listingFixture(f *fixture) geography {
	g := f.geography()
	mops := f.org("mops-gdynia", "Miejski Ośrodek Pomocy Społecznej w Gdyni", ecosystem.KindOPS)
	cis := f.org("cis-gdynia", "Centrum Integracji Społecznej Gdynia", ecosystem.KindCIS)
	pcpr := f.org("pcpr-krasnik", "Powiatowe Centrum Pomocy Rodzinie w Kraśniku", ecosystem.KindPCPR)
	empatia := f.org("empatia", "Stowarzyszenie „Empatia”", ecosystem.KindAssociation)
	empatia.Aliases = []string{"WTZ w Gębicach"}
	f.org("laka-a", "Laka Fundacja", ecosystem.KindFoundation)
	lakaB := f.org("laka-b", "Łąka Fundacja", ecosystem.KindFoundation)
	kos := f.org("kos", "Kooperativet KOS", ecosystem.KindForeign)
	rops := f.org("rops-gdansk", "Regionalny Ośrodek Polityki Społecznej w Gdańsku", ecosystem.KindROPS)
	housing := f.practice("mieszkania-treningowe", "Mieszkania treningowe", ecosystem.ThemeSupportedHousing)
	visit := f.event("wizyta-gebice", "Wizyta w Gębicach", ecosystem.EventStudyVisit, date(2014, 5, 0), nil, ecosystem.ThemeSocialRehabilitation)
	project := f.project("upleciemy-siec", "Upleciemy sieć")

	f.rel(ecosystem.RelLocatedIn, mops, g.gdynia)
	f.rel(ecosystem.RelPractises, mops, housing)
	f.rel(ecosystem.RelCooperatesWith, mops, cis)
	f.rel(ecosystem.RelLocatedIn, cis, g.gdynia)
	f.rel(ecosystem.RelLocatedIn, pcpr, g.krasnik)
	f.rel(ecosystem.RelServesArea, pcpr, g.powiatKrasnicki)
	f.rel(ecosystem.RelLocatedIn, empatia, g.gebice)
	f.rel(ecosystem.RelHosted, empatia, visit)
	f.rel(ecosystem.RelServesArea, lakaB, g.lubelskie)
	f.rel(ecosystem.RelLocatedIn, kos, g.sztokholm)
	f.rel(ecosystem.RelLocatedIn, rops, g.gdansk)
	f.rel(ecosystem.RelServesArea, rops, g.pomorskie)
	f.rel(ecosystem.RelOrganised, rops, visit)
	f.rel(ecosystem.RelLeads, rops, project)
	return g
}

// listingOrders are the expected orders of listingFixture's organisations, ascending.
var listingOrders = map[store.OrderField][]string{
	store.OrderByName:   {"cis-gdynia", "kos", "laka-a", "laka-b", "mops-gdynia", "pcpr-krasnik", "rops-gdansk", "empatia"},
	store.OrderByKind:   {"empatia", "cis-gdynia", "kos", "laka-a", "laka-b", "mops-gdynia", "pcpr-krasnik", "rops-gdansk"},
	store.OrderByDegree: {"laka-a", "kos", "laka-b", "cis-gdynia", "pcpr-krasnik", "empatia", "mops-gdynia", "rops-gdansk"},
}

// orderCase is an order with the expected listing of listingFixture's organisations.
type orderCase struct {
	order store.OrganisationOrder
	want  []string
}

// allOrders lists every field in both directions with its expected order. Descending reverses
// the whole order, tie-breaks included.
func allOrders() []orderCase {
	var out []orderCase
	for _, field := range []store.OrderField{store.OrderByName, store.OrderByKind, store.OrderByDegree} {
		asc := listingOrders[field]
		desc := slices.Clone(asc)
		slices.Reverse(desc)
		out = append(out, orderCase{store.OrganisationOrder{Field: field}, asc}, orderCase{store.OrganisationOrder{Field: field, Desc: true}, desc})
	}
	return out
}

func orderName(o store.OrganisationOrder) string {
	if o.Desc {
		return string(o.Field) + " desc"
	}
	return string(o.Field) + " asc"
}

func testOrganisationsFilter(t *testing.T, s store.Store) {
	f := newFixture(t)
	g := listingFixture(f)
	f.apply(s)

	all := listingOrders[store.OrderByName]
	cases := []struct {
		name string
		f    store.OrganisationFilter
		want []string
	}{
		{"empty filter", store.OrganisationFilter{}, all},
		{"one kind", store.OrganisationFilter{Kinds: []ecosystem.OrganisationKind{ecosystem.KindFoundation}}, []string{"laka-a", "laka-b"}},
		{"two kinds", store.OrganisationFilter{Kinds: []ecosystem.OrganisationKind{ecosystem.KindOPS, ecosystem.KindPCPR}}, []string{"mops-gdynia", "pcpr-krasnik"}},
		{"country abroad", store.OrganisationFilter{Country: "SE"}, []string{"kos"}},
		{"country PL", store.OrganisationFilter{Country: "PL"}, []string{"cis-gdynia", "laka-a", "laka-b", "mops-gdynia", "pcpr-krasnik", "rops-gdansk", "empatia"}},
		{"voivodeship of seats", store.OrganisationFilter{Voivodeship: "pomorskie"}, []string{"cis-gdynia", "mops-gdynia", "rops-gdansk"}},
		{"voivodeship of a seat or served area", store.OrganisationFilter{Voivodeship: "lubelskie"}, []string{"laka-b", "pcpr-krasnik"}},
		{"voivodeship without organisations", store.OrganisationFilter{Voivodeship: "mazowieckie"}, nil},
		{"within a city", store.OrganisationFilter{Within: keyOf(g.gdynia)}, []string{"cis-gdynia", "mops-gdynia"}},
		{"within a voivodeship transitively", store.OrganisationFilter{Within: keyOf(g.pomorskie)}, []string{"cis-gdynia", "mops-gdynia", "rops-gdansk"}},
		{"within a powiat", store.OrganisationFilter{Within: keyOf(g.powiatKrasnicki)}, []string{"pcpr-krasnik"}},
		{"within through a served area", store.OrganisationFilter{Within: keyOf(g.lubelskie)}, []string{"laka-b", "pcpr-krasnik"}},
		{"within a country", store.OrganisationFilter{Within: keyOf(g.poland)}, []string{"cis-gdynia", "laka-b", "mops-gdynia", "pcpr-krasnik", "rops-gdansk", "empatia"}},
		{"within abroad", store.OrganisationFilter{Within: keyOf(g.sweden)}, []string{"kos"}},
		{"theme through a hosted event", store.OrganisationFilter{Themes: []ecosystem.Theme{ecosystem.ThemeSocialRehabilitation}}, []string{"empatia"}},
		{"any of two themes", store.OrganisationFilter{Themes: []ecosystem.Theme{ecosystem.ThemeSupportedHousing, ecosystem.ThemeSocialRehabilitation}}, []string{"mops-gdynia", "empatia"}},
		{"theme without evidence", store.OrganisationFilter{Themes: []ecosystem.Theme{ecosystem.ThemeCSR}}, nil},
		{"name inflected", store.OrganisationFilter{Name: "gdyni"}, []string{"cis-gdynia", "mops-gdynia"}},
		{"name nominative", store.OrganisationFilter{Name: "Gdynia"}, []string{"cis-gdynia", "mops-gdynia"}},
		{"name without diacritics", store.OrganisationFilter{Name: "krasnik"}, []string{"pcpr-krasnik"}},
		{"name through an alias", store.OrganisationFilter{Name: "Gebice"}, []string{"empatia"}},
		{"name as an abbreviation", store.OrganisationFilter{Name: "MOPS"}, []string{"mops-gdynia"}},
		{"name needs every term", store.OrganisationFilter{Name: "ośrodek pomocy"}, []string{"mops-gdynia"}},
		{"name with diacritics", store.OrganisationFilter{Name: "fundacja łąka"}, []string{"laka-a", "laka-b"}},
		{"combined", store.OrganisationFilter{
			Kinds: []ecosystem.OrganisationKind{ecosystem.KindOPS, ecosystem.KindCIS, ecosystem.KindROPS}, Voivodeship: "pomorskie", Name: "gdynia",
		}, []string{"cis-gdynia", "mops-gdynia"}},
		{"country and theme", store.OrganisationFilter{Country: "PL", Themes: []ecosystem.Theme{ecosystem.ThemeSupportedHousing}}, []string{"mops-gdynia"}},
		{"within and kind", store.OrganisationFilter{Within: keyOf(g.lubelskie), Kinds: []ecosystem.OrganisationKind{ecosystem.KindFoundation}}, []string{"laka-b"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			page, err := s.Organisations(t.Context(), c.f, store.OrganisationOrder{Field: store.OrderByName}, store.Page{First: 100})
			must(t, err)
			if got := slugs(page.Items); !slices.Equal(got, c.want) {
				t.Errorf("got %v, want %v", got, c.want)
			}
			if page.TotalCount != len(c.want) {
				t.Errorf("total count %d, want %d", page.TotalCount, len(c.want))
			}
			if page.HasNextPage || page.HasPreviousPage {
				t.Errorf("one page of everything has next %v, previous %v", page.HasNextPage, page.HasPreviousPage)
			}
		})
	}
}

func testOrganisationsOrder(t *testing.T, s store.Store) {
	f := newFixture(t)
	listingFixture(f)
	f.apply(s)
	for _, c := range allOrders() {
		t.Run(orderName(c.order), func(t *testing.T) {
			page, err := s.Organisations(t.Context(), store.OrganisationFilter{}, c.order, store.Page{First: 100})
			must(t, err)
			if got := slugs(page.Items); !slices.Equal(got, c.want) {
				t.Errorf("got %v\nwant %v", got, c.want)
			}
		})
	}
}

// walk reads every page of a listing of page size n and returns the slugs in order.
func walk(t *testing.T, s store.Store, f store.OrganisationFilter, o store.OrganisationOrder, n, total int) []string {
	t.Helper()
	var out []string
	after := ""
	for i := 0; ; i++ {
		if i > total+1 {
			t.Fatalf("more than %d pages", i)
		}
		page, err := s.Organisations(t.Context(), f, o, store.Page{First: n, After: after})
		must(t, err)
		if len(page.Cursors) != len(page.Items) {
			t.Fatalf("page %d: %d cursors for %d items", i, len(page.Cursors), len(page.Items))
		}
		if page.TotalCount != total {
			t.Errorf("page %d: total count %d, want %d", i, page.TotalCount, total)
		}
		if page.HasPreviousPage != (i > 0) {
			t.Errorf("page %d: has previous page %v", i, page.HasPreviousPage)
		}
		out = append(out, slugs(page.Items)...)
		last := len(out) == total
		if page.HasNextPage == last {
			t.Errorf("page %d (items %d of %d): has next page %v", i, len(out), total, page.HasNextPage)
		}
		if last || len(page.Items) == 0 {
			return out
		}
		if len(page.Items) != n {
			t.Errorf("page %d has %d items, want %d", i, len(page.Items), n)
		}
		after = page.Cursors[len(page.Cursors)-1]
	}
}

func testOrganisationsPages(t *testing.T, s store.Store) {
	f := newFixture(t)
	g := listingFixture(f)
	f.apply(s)
	for _, c := range allOrders() {
		for _, n := range []int{1, 3, 7, 8} {
			t.Run(fmt.Sprintf("%s by %d", orderName(c.order), n), func(t *testing.T) {
				if got := walk(t, s, store.OrganisationFilter{}, c.order, n, len(c.want)); !slices.Equal(got, c.want) {
					t.Errorf("pages gave %v\nwant %v", got, c.want)
				}
			})
		}
	}
	t.Run("filtered", func(t *testing.T) {
		filter := store.OrganisationFilter{Within: keyOf(g.pomorskie)}
		order := store.OrganisationOrder{Field: store.OrderByDegree, Desc: true}
		want := []string{"rops-gdansk", "mops-gdynia", "cis-gdynia"}
		if got := walk(t, s, filter, order, 2, len(want)); !slices.Equal(got, want) {
			t.Errorf("pages gave %v, want %v", got, want)
		}
	})
	t.Run("every cursor", func(t *testing.T) {
		// Continuing after any item's cursor gives the rest of the listing.
		order := store.OrganisationOrder{Field: store.OrderByKind, Desc: true}
		all, err := s.Organisations(t.Context(), store.OrganisationFilter{}, order, store.Page{First: 100})
		must(t, err)
		want := slugs(all.Items)
		for i, cursor := range all.Cursors {
			page, err := s.Organisations(t.Context(), store.OrganisationFilter{}, order, store.Page{First: 100, After: cursor})
			must(t, err)
			if got := slugs(page.Items); !slices.Equal(got, want[i+1:]) {
				t.Errorf("after item %d: %v, want %v", i, got, want[i+1:])
			}
		}
	})
}

func testOrganisationsPageBoundaries(t *testing.T, s store.Store) {
	f := newFixture(t)
	listingFixture(f)
	f.apply(s)
	order := store.OrganisationOrder{Field: store.OrderByName}
	all, err := s.Organisations(t.Context(), store.OrganisationFilter{}, order, store.Page{First: 100})
	must(t, err)
	total := len(listingOrders[store.OrderByName])
	lastCursor := all.Cursors[len(all.Cursors)-1]

	cases := []struct {
		name           string
		f              store.OrganisationFilter
		page           store.Page
		items          int
		next, previous bool
		total          int
	}{
		{"first zero", store.OrganisationFilter{}, store.Page{First: 0}, 0, true, false, total},
		{"first zero after a cursor", store.OrganisationFilter{}, store.Page{First: 0, After: all.Cursors[2]}, 0, true, true, total},
		{"first larger than total", store.OrganisationFilter{}, store.Page{First: total + 5}, total, false, false, total},
		{"first equal to total", store.OrganisationFilter{}, store.Page{First: total}, total, false, false, total},
		{"first one less than total", store.OrganisationFilter{}, store.Page{First: total - 1}, total - 1, true, false, total},
		{"after the last item", store.OrganisationFilter{}, store.Page{First: 10, After: lastCursor}, 0, false, true, total},
		{"empty listing", store.OrganisationFilter{Voivodeship: "mazowieckie"}, store.Page{First: 10}, 0, false, false, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			page, err := s.Organisations(t.Context(), c.f, order, c.page)
			must(t, err)
			if len(page.Items) != c.items || len(page.Cursors) != c.items {
				t.Errorf("%d items and %d cursors, want %d", len(page.Items), len(page.Cursors), c.items)
			}
			if page.HasNextPage != c.next || page.HasPreviousPage != c.previous {
				t.Errorf("next %v, previous %v; want %v, %v", page.HasNextPage, page.HasPreviousPage, c.next, c.previous)
			}
			if page.TotalCount != c.total {
				t.Errorf("total count %d, want %d", page.TotalCount, c.total)
			}
		})
	}
}

func testOrganisationsCursorOfDeletedItem(t *testing.T, s store.Store) {
	f := newFixture(t)
	listingFixture(f)
	f.apply(s)
	order := store.OrganisationOrder{Field: store.OrderByName}
	first, err := s.Organisations(t.Context(), store.OrganisationFilter{}, order, store.Page{First: 3})
	must(t, err)
	if got := slugs(first.Items); !slices.Equal(got, []string{"cis-gdynia", "kos", "laka-a"}) {
		t.Fatalf("first page %v", got)
	}
	// The item the cursor points at disappears; the listing resumes after its place.
	_, err = s.Apply(t.Context(), store.ChangeSet{DeleteNodes: []ecosystem.NodeKey{{Type: ecosystem.NodeOrganisation, Slug: "laka-a"}}})
	must(t, err)
	next, err := s.Organisations(t.Context(), store.OrganisationFilter{}, order, store.Page{First: 2, After: first.Cursors[2]})
	must(t, err)
	if got := slugs(next.Items); !slices.Equal(got, []string{"laka-b", "mops-gdynia"}) {
		t.Errorf("next page %v, want [laka-b mops-gdynia]", got)
	}
	if next.TotalCount != 7 || !next.HasPreviousPage || !next.HasNextPage {
		t.Errorf("total %d, previous %v, next %v", next.TotalCount, next.HasPreviousPage, next.HasNextPage)
	}
}

func testOrganisationsInvalidRequests(t *testing.T, s store.Store) {
	f := newFixture(t)
	listingFixture(f)
	f.apply(s)
	byName := store.OrganisationOrder{Field: store.OrderByName}
	page, err := s.Organisations(t.Context(), store.OrganisationFilter{}, byName, store.Page{First: 2})
	must(t, err)
	nameCursor := page.Cursors[1]

	cases := []struct {
		name  string
		order store.OrganisationOrder
		page  store.Page
	}{
		{"cursor of another order field", store.OrganisationOrder{Field: store.OrderByKind}, store.Page{First: 2, After: nameCursor}},
		{"cursor of another order field descending", store.OrganisationOrder{Field: store.OrderByDegree, Desc: true}, store.Page{First: 2, After: nameCursor}},
		{"garbage cursor", byName, store.Page{First: 2, After: "not a cursor!"}},
		{"well-encoded garbage cursor", byName, store.Page{First: 2, After: base64.RawURLEncoding.EncodeToString([]byte("{}"))}},
		{"truncated cursor", byName, store.Page{First: 2, After: nameCursor[:len(nameCursor)/2]}},
		{"negative first", byName, store.Page{First: -1}},
		{"unknown order field", store.OrganisationOrder{Field: "SIZE"}, store.Page{First: 2}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			page, err := s.Organisations(t.Context(), store.OrganisationFilter{}, c.order, c.page)
			wantErr(t, err, store.ErrInvalid)
			if page != nil {
				t.Errorf("a page came with the error: %s", show(page))
			}
		})
	}
}

// practicesFixture adds seven practices; two share a sort name, so that the slug breaks the tie.
func practicesFixture(f *fixture) (a, b *ecosystem.Organisation, visit, session, e2 *ecosystem.Event) {
	p1 := f.practice("mieszkania-treningowe", "Mieszkania treningowe", ecosystem.ThemeSupportedHousing, ecosystem.ThemeIndependentLiving)
	p2 := f.practice("asystencja", "Asystencja osobista", ecosystem.ThemePersonalAssistance)
	p3 := f.practice("spoldzielnia", "Spółdzielnia socjalna osób prawnych", ecosystem.ThemeSocialCooperatives, ecosystem.ThemeSocialEconomy)
	p4 := f.practice("zatrudnienie", "Zatrudnienie wspomagane", ecosystem.ThemeVocationalActivation)
	p5 := f.practice("mieszkania-wspomagane", "Mieszkania wspomagane", ecosystem.ThemeSupportedHousing)
	p6 := f.practice("trening-b", "Trening Umiejętności", ecosystem.ThemeSocialRehabilitation)
	f.practice("trening-a", "Trening umiejetnosci", ecosystem.ThemeSocialRehabilitation)

	a = f.org("alfa", "Alfa", ecosystem.KindNGO)
	b = f.org("beta", "Beta", ecosystem.KindNGO)
	prog := f.programme("program", "Program")
	f.rel(ecosystem.RelPractises, a, p1)
	f.rel(ecosystem.RelDeveloped, a, p2)
	f.rel(ecosystem.RelRecognised, a, p3)
	f.rel(ecosystem.RelPractises, b, p4)
	f.rel(ecosystem.RelRecognised, prog, p5)

	visit = f.event("wizyta", "Wizyta studyjna", ecosystem.EventStudyVisit, date(2022, 6, 1), date(2022, 6, 3))
	session = f.event("sesja", "Sesja", ecosystem.EventSession, nil, nil)
	sub := f.event("podsesja", "Podsesja", ecosystem.EventSession, nil, nil)
	e2 = f.event("forum", "Forum", ecosystem.EventForum, date(2021, 0, 0), nil)
	f.rel(ecosystem.RelPartOf, session, visit)
	f.rel(ecosystem.RelPartOf, sub, session)
	f.rel(ecosystem.RelShowcased, visit, p1)
	f.rel(ecosystem.RelShowcased, session, p3)
	f.rel(ecosystem.RelShowcased, sub, p6)
	f.rel(ecosystem.RelShowcased, e2, p4)
	return a, b, visit, session, e2
}

func testPractices(t *testing.T, s store.Store) {
	f := newFixture(t)
	a, b, visit, session, e2 := practicesFixture(f)
	f.apply(s)

	cases := []struct {
		name string
		f    store.PracticeFilter
		want []string
	}{
		{"empty filter", store.PracticeFilter{}, []string{"asystencja", "mieszkania-treningowe", "mieszkania-wspomagane", "spoldzielnia", "trening-a", "trening-b", "zatrudnienie"}},
		{"one theme", store.PracticeFilter{Themes: []ecosystem.Theme{ecosystem.ThemeSupportedHousing}}, []string{"mieszkania-treningowe", "mieszkania-wspomagane"}},
		{"any of two themes", store.PracticeFilter{Themes: []ecosystem.Theme{ecosystem.ThemePersonalAssistance, ecosystem.ThemeSocialEconomy}}, []string{"asystencja", "spoldzielnia"}},
		{"organisation practises, developed or recognised", store.PracticeFilter{Organisation: keyOf(a)}, []string{"asystencja", "mieszkania-treningowe", "spoldzielnia"}},
		{"other organisation", store.PracticeFilter{Organisation: keyOf(b)}, []string{"zatrudnienie"}},
		{"event and its sessions", store.PracticeFilter{Event: keyOf(visit)}, []string{"mieszkania-treningowe", "spoldzielnia", "trening-b"}},
		{"session and its sessions", store.PracticeFilter{Event: keyOf(session)}, []string{"spoldzielnia", "trening-b"}},
		{"event without sessions", store.PracticeFilter{Event: keyOf(e2)}, []string{"zatrudnienie"}},
		{"text", store.PracticeFilter{Text: "mieszkania"}, []string{"mieszkania-treningowe", "mieszkania-wspomagane"}},
		{"text inflected", store.PracticeFilter{Text: "mieszkań wspomaganych"}, []string{"mieszkania-wspomagane"}},
		{"organisation and theme", store.PracticeFilter{Organisation: keyOf(a), Themes: []ecosystem.Theme{ecosystem.ThemeSocialCooperatives}}, []string{"spoldzielnia"}},
		{"event and text", store.PracticeFilter{Event: keyOf(visit), Text: "trening"}, []string{"mieszkania-treningowe", "trening-b"}},
		{"organisation and event", store.PracticeFilter{Organisation: keyOf(a), Event: keyOf(session)}, []string{"spoldzielnia"}},
		{"nothing matches", store.PracticeFilter{Organisation: keyOf(b), Themes: []ecosystem.Theme{ecosystem.ThemeCSR}}, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.Practices(t.Context(), c.f)
			must(t, err)
			if !slices.Equal(slugs(got), c.want) {
				t.Errorf("got %v, want %v", slugs(got), c.want)
			}
		})
	}
}

func testSources(t *testing.T, s store.Store) {
	f := newFixture(t)
	b := f.source("b-raport", "Aaa raport")
	b.URL = "https://example.org/raport"
	f.source("a-artykul", "Zzz artykuł")
	f.apply(s)
	got, err := s.Sources(t.Context())
	must(t, err)
	if want := []string{"a-artykul", "b-raport", fixtureSource}; !slices.Equal(slugs(got), want) {
		t.Errorf("got %v, want %v", slugs(got), want)
	}
	if len(got) == 3 && (got[1].Name != b.Name || got[1].URL != b.URL || got[1].Kind != b.Kind || got[1].Language != b.Language) {
		t.Errorf("source read back as %s, want %s", show(got[1]), show(b))
	}
}
