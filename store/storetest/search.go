package storetest

import (
	"cmp"
	"slices"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/polish"
	"github.com/wtz-graph/kg/store"
)

// searchFixture adds nodes whose names exercise folding, inflection, abbreviations both ways,
// aliases and English place names. An organisation and a place share the name "Gdynia", so that only the
// global id orders them; "Stowarzyszenie Razem" and "Fundacja Razem" score alike, so that the
// sort name orders them against the order of their slugs.
func searchFixture(f *fixture) {
	f.place("gdynia", "Gdynia", ecosystem.PlaceCity, "PL", "2262011", pointGdynia)
	f.org("gmina-gdynia", "Gdynia", ecosystem.KindLocalGovernment)
	f.org("mops-gdynia", "Miejski Ośrodek Pomocy Społecznej w Gdyni", ecosystem.KindOPS)
	f.org("mops-elblag", "MOPS Elbląg", ecosystem.KindOPS)
	f.org("pcpr-krasnik", "Powiatowe Centrum Pomocy Rodzinie w Kraśniku", ecosystem.KindPCPR)
	f.place("krasnik", "Kraśnik", ecosystem.PlaceCity, "PL", "0607011", pointKrasnik)
	f.place("gebice", "Gębice", ecosystem.PlaceVillage, "PL", "3002022", pointGebice)
	empatia := f.org("empatia", "Stowarzyszenie Empatia", ecosystem.KindAssociation)
	empatia.Aliases = []string{"Warsztat Terapii Zajęciowej w Gębicach"}
	sztokholm := f.place("sztokholm", "Sztokholm", ecosystem.PlaceCity, "SE", "", pointSztokholm)
	sztokholm.NameEn = "Stockholm"
	f.org("a-razem", "Stowarzyszenie Razem", ecosystem.KindAssociation)
	f.org("z-razem", "Fundacja Razem", ecosystem.KindFoundation)
	f.person("jan-kowalski", "Jan Kowalski")
	f.practice("mieszkania-wspomagane", "Mieszkania wspomagane", ecosystem.ThemeSupportedHousing)
	f.event("forum-gdynia", "Forum Ekonomii Społecznej w Gdyni", ecosystem.EventForum, date(2019, 0, 0), nil)
}

// expectedHits ranks the fixture's nodes the way the contract says a search ranks them: the
// score package polish gives over the name, the aliases and (for places) the English name; then
// score descending, sort name and global id.
func expectedHits(f *fixture, q store.SearchQuery) []ecosystem.SearchHit {
	query := polish.NewQuery(q.Text)
	type ranked struct {
		hit      ecosystem.SearchHit
		sortName string
	}
	var rs []ranked
	for _, n := range f.nodes {
		if len(q.Types) > 0 && !slices.Contains(q.Types, n.Key().Type) {
			continue
		}
		names := n.Common().Names()
		if p, ok := n.(*ecosystem.Place); ok && p.NameEn != "" {
			names = append(names, p.NameEn)
		}
		if score, matched := query.Score(names); score > 0 {
			rs = append(rs, ranked{ecosystem.SearchHit{Node: n.Key(), Score: score, Matched: matched}, polish.SortName(n.Common().Name)})
		}
	}
	slices.SortFunc(rs, func(a, b ranked) int {
		return cmp.Or(cmp.Compare(b.hit.Score, a.hit.Score), strings.Compare(a.sortName, b.sortName),
			strings.Compare(a.hit.Node.GlobalID(), b.hit.Node.GlobalID()))
	})
	out := []ecosystem.SearchHit{}
	for _, r := range rs[:min(len(rs), q.Limit)] {
		out = append(out, r.hit)
	}
	return out
}

func hitKeys(hs []ecosystem.SearchHit) []string {
	out := make([]string, len(hs))
	for i, h := range hs {
		out[i] = h.Node.GlobalID()
	}
	return out
}

func testSearchFinds(t *testing.T, s store.Store) {
	f := newFixture(t)
	searchFixture(f)
	f.apply(s)
	cases := []struct {
		text, first, matched string
		also                 []string
	}{
		{"Gebice", "Place:gebice", "Gębice", []string{"Organisation:empatia"}},
		{"w Gdyni", "Organisation:gmina-gdynia", "Gdynia", []string{"Place:gdynia", "Organisation:mops-gdynia", "Event:forum-gdynia"}},
		{"Kraśniku", "Place:krasnik", "Kraśnik", []string{"Organisation:pcpr-krasnik"}},
		{"krasnik", "Place:krasnik", "Kraśnik", []string{"Organisation:pcpr-krasnik"}},
		{"MOPS Gdynia", "Organisation:mops-gdynia", "Miejski Ośrodek Pomocy Społecznej w Gdyni", nil},
		{"mops gdyni", "Organisation:mops-gdynia", "Miejski Ośrodek Pomocy Społecznej w Gdyni", nil},
		{"PCPR w Kraśniku", "Organisation:pcpr-krasnik", "Powiatowe Centrum Pomocy Rodzinie w Kraśniku", nil},
		{"pcpr krasnik", "Organisation:pcpr-krasnik", "Powiatowe Centrum Pomocy Rodzinie w Kraśniku", nil},
		// A phrase written out in full finds a node known by its abbreviation.
		{"Miejskiego Ośrodka Pomocy Społecznej w Elblągu", "Organisation:mops-elblag", "MOPS Elbląg", nil},
		{"Empatia", "Organisation:empatia", "Stowarzyszenie Empatia", nil},
		{"warsztat terapii zajęciowej", "Organisation:empatia", "Warsztat Terapii Zajęciowej w Gębicach", nil},
		{"WTZ Gębice", "Organisation:empatia", "Warsztat Terapii Zajęciowej w Gębicach", []string{"Place:gebice"}},
		{"Stockholm", "Place:sztokholm", "Stockholm", nil},
		{"w Sztokholmie", "Place:sztokholm", "Sztokholm", nil},
		{"Razem", "Organisation:z-razem", "Fundacja Razem", []string{"Organisation:a-razem"}},
		{"Kowalskiego", "Person:jan-kowalski", "Jan Kowalski", nil},
		{"mieszkań wspomaganych", "Practice:mieszkania-wspomagane", "Mieszkania wspomagane", nil},
		// One typo in a longer word, and a swap of two neighbouring letters.
		{"Stowarzyszenei Empatia", "Organisation:empatia", "Stowarzyszenie Empatia", nil},
		{"Warsztat Terpaii Zajęciowej", "Organisation:empatia", "Warsztat Terapii Zajęciowej w Gębicach", nil},
	}
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			hits, err := s.Search(t.Context(), store.SearchQuery{Text: c.text, Limit: 50})
			must(t, err)
			if len(hits) == 0 {
				t.Fatalf("nothing found, want %s", c.first)
			}
			if hits[0].Node.GlobalID() != c.first || hits[0].Matched != c.matched {
				t.Errorf("first hit %s matched %q, want %s matched %q (all: %v)", hits[0].Node, hits[0].Matched, c.first, c.matched, hitKeys(hits))
			}
			for _, want := range c.also {
				if !slices.Contains(hitKeys(hits), want) {
					t.Errorf("%s not found among %v", want, hitKeys(hits))
				}
			}
			for i, h := range hits {
				if h.Score <= 0 || h.Score > 1 {
					t.Errorf("hit %d (%s) has score %v, want (0, 1]", i, h.Node, h.Score)
				}
			}
		})
	}
	t.Run("unrelated text", func(t *testing.T) {
		hits, err := s.Search(t.Context(), store.SearchQuery{Text: "Zakopane", Limit: 50})
		must(t, err)
		if len(hits) != 0 {
			t.Errorf("found %v", hitKeys(hits))
		}
	})
}

func testSearchRanking(t *testing.T, s store.Store) {
	f := newFixture(t)
	searchFixture(f)
	f.apply(s)
	for _, text := range []string{
		"Gdynia", "w Gdyni", "MOPS Gdynia", "Gębice", "WTZ Gębice", "Razem", "Stowarzyszenie Razem",
		"ośrodek pomocy społecznej", "Miejski Ośrodek Pomocy Społecznej w Elblągu", "Kraśnik", "centrum pomocy", "Sztokholm Stockholm", "forum gdyni",
	} {
		t.Run(text, func(t *testing.T) {
			q := store.SearchQuery{Text: text, Limit: 100}
			got, err := s.Search(t.Context(), q)
			must(t, err)
			want := expectedHits(f, q)
			if len(want) == 0 {
				t.Fatalf("the case finds nothing; it tests nothing")
			}
			if !slices.Equal(got, want) {
				t.Errorf("got  %s\nwant %s", show(got), show(want))
			}
		})
	}
}

func testSearchTypesAndLimit(t *testing.T, s store.Store) {
	f := newFixture(t)
	searchFixture(f)
	f.apply(s)
	cases := []struct {
		name string
		q    store.SearchQuery
		size int
	}{
		{"places only", store.SearchQuery{Text: "Gdynia", Types: []ecosystem.NodeType{ecosystem.NodePlace}, Limit: 10}, 1},
		{"organisations and events", store.SearchQuery{Text: "w Gdyni", Types: []ecosystem.NodeType{ecosystem.NodeOrganisation, ecosystem.NodeEvent}, Limit: 10}, 3},
		{"type without hits", store.SearchQuery{Text: "Gdynia", Types: []ecosystem.NodeType{ecosystem.NodeSource}, Limit: 10}, 0},
		{"limit one", store.SearchQuery{Text: "w Gdyni", Limit: 1}, 1},
		{"limit two", store.SearchQuery{Text: "w Gdyni", Limit: 2}, 2},
		{"limit with types", store.SearchQuery{Text: "w Gdyni", Types: []ecosystem.NodeType{ecosystem.NodeOrganisation}, Limit: 1}, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := s.Search(t.Context(), c.q)
			must(t, err)
			want := expectedHits(f, c.q)
			if len(want) != c.size {
				t.Fatalf("the case expects %d hits, the fixture gives %d", c.size, len(want))
			}
			if !slices.Equal(got, want) {
				t.Errorf("got  %s\nwant %s", show(got), show(want))
			}
		})
	}
	for _, limit := range []int{0, -1} {
		_, err := s.Search(t.Context(), store.SearchQuery{Text: "Gdynia", Limit: limit})
		wantErr(t, err, store.ErrInvalid)
	}
}

func testSearchEmptyQuery(t *testing.T, s store.Store) {
	f := newFixture(t)
	searchFixture(f)
	f.apply(s)
	for _, text := range []string{"", "   ", "w i z", "!!! ...", "oraz na do"} {
		hits, err := s.Search(t.Context(), store.SearchQuery{Text: text, Limit: 10})
		must(t, err)
		if len(hits) != 0 {
			t.Errorf("%q found %v", text, hitKeys(hits))
		}
	}
}
