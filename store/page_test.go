package store

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/ecosystem"
)

// TestPageOfMatchesSortingEverything: PageOf keeps only a page's worth of keys; walked page by
// page with its cursors, in every order and direction, it gives what sorting every key gives.
func TestPageOfMatchesSortingEverything(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	var keys []OrgSortKey
	for i := range 300 {
		keys = append(keys, OrgSortKey{
			Kind:     fmt.Sprint("K", r.IntN(4)),
			Degree:   r.IntN(6),
			SortName: fmt.Sprint("name ", r.IntN(40)),
			Slug:     fmt.Sprint("org-", i),
		})
	}
	for _, field := range []OrderField{OrderByName, OrderByKind, OrderByDegree} {
		for _, desc := range []bool{false, true} {
			o := OrganisationOrder{Field: field, Desc: desc}
			all := make([]OrgSortKey, len(keys))
			for i, k := range keys {
				k.Field = field
				all[i] = k
			}
			want := slices.Clone(all)
			slices.SortFunc(want, func(a, b OrgSortKey) int {
				if desc {
					return b.Compare(a)
				}
				return a.Compare(b)
			})
			for _, first := range []int{0, 1, 7, 100, 400} {
				var got []OrgSortKey
				after := ""
				for pages := 0; ; pages++ {
					sel, page, err := PageOf(slices.Clone(all), o, Page{First: first, After: after})
					if err != nil {
						t.Fatal(err)
					}
					if page.TotalCount != len(all) || page.HasPreviousPage != (after != "") {
						t.Fatalf("%s desc=%v first=%d: total %d, previous %v", field, desc, first, page.TotalCount, page.HasPreviousPage)
					}
					got = append(got, sel...)
					if first == 0 {
						if len(sel) != 0 || page.HasNextPage != (len(all) > 0) {
							t.Fatalf("first 0: %d keys, next %v", len(sel), page.HasNextPage)
						}
						break
					}
					if wantNext := len(got) < len(want); page.HasNextPage != wantNext {
						t.Fatalf("%s desc=%v first=%d page %d: next %v, want %v", field, desc, first, pages, page.HasNextPage, wantNext)
					}
					if !page.HasNextPage {
						break
					}
					after = page.Cursors[len(page.Cursors)-1]
				}
				if first == 0 {
					continue
				}
				if len(got) != len(want) {
					t.Fatalf("%s desc=%v first=%d: walked %d keys, want %d", field, desc, first, len(got), len(want))
				}
				for i := range want {
					if got[i].Slug != want[i].Slug {
						t.Fatalf("%s desc=%v first=%d: key %d is %s, want %s", field, desc, first, i, got[i].Slug, want[i].Slug)
					}
				}
			}
		}
	}
}

// TestRankHostsKeepsTheBest: RankHosts keeps only the best limit as it goes; the answer is the
// head of the whole list sorted by score, distance, sort name and slug.
func TestRankHostsKeepsTheBest(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	var ms []ecosystem.HostMatch
	names := map[ecosystem.NodeKey]string{}
	for i := range 500 {
		k := ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: fmt.Sprint("org-", i)}
		names[k] = fmt.Sprint("name ", r.IntN(30))
		m := ecosystem.HostMatch{Organisation: k, Score: float64(r.IntN(8))}
		if r.IntN(4) > 0 {
			d := float64(r.IntN(50))
			m.DistanceKm = &d
		}
		ms = append(ms, m)
	}
	dist := func(m ecosystem.HostMatch) float64 {
		if m.DistanceKm == nil {
			return 1e18
		}
		return *m.DistanceKm
	}
	want := slices.Clone(ms)
	slices.SortFunc(want, func(a, b ecosystem.HostMatch) int {
		return cmp.Or(cmp.Compare(b.Score, a.Score), cmp.Compare(dist(a), dist(b)),
			strings.Compare(names[a.Organisation], names[b.Organisation]), strings.Compare(a.Organisation.Slug, b.Organisation.Slug))
	})
	for _, limit := range []int{0, 1, 10, 499, 500, 600} {
		got := RankHosts(slices.Clone(ms), func(k ecosystem.NodeKey) string { return names[k] }, limit)
		n := min(limit, len(want))
		if len(got) != n {
			t.Fatalf("limit %d: %d matches", limit, len(got))
		}
		for i := range n {
			if got[i].Organisation != want[i].Organisation {
				t.Fatalf("limit %d: match %d is %s, want %s", limit, i, got[i].Organisation, want[i].Organisation)
			}
		}
	}
}
