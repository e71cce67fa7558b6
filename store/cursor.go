package store

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strings"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/geo"
)

// OrgSortKey is the position of an organisation in a listing: the ordered field's value, then
// the sort name, then the slug, so that every order is total and stable across backends.
type OrgSortKey struct {
	Field  OrderField `json:"f"`
	Desc   bool       `json:"r,omitempty"`
	Kind   string     `json:"k,omitempty"`
	Degree int        `json:"d,omitempty"`
	// Distance is the kilometres from OrganisationFilter.Near to the seat, for OrderByDistance;
	// nil when the seat has no point (such organisations come last).
	Distance *float64 `json:"m,omitempty"`
	SortName string   `json:"n"`
	Slug     string   `json:"s"`
}

// Compare orders two keys of the same field ascending.
func (a OrgSortKey) Compare(b OrgSortKey) int {
	switch a.Field {
	case OrderByKind:
		if c := strings.Compare(a.Kind, b.Kind); c != 0 {
			return c
		}
	case OrderByDegree:
		if a.Degree != b.Degree {
			if a.Degree < b.Degree {
				return -1
			}
			return 1
		}
	case OrderByDistance:
		switch {
		case a.Distance == nil && b.Distance != nil:
			return 1
		case a.Distance != nil && b.Distance == nil:
			return -1
		case a.Distance != nil && *a.Distance != *b.Distance:
			if *a.Distance < *b.Distance {
				return -1
			}
			return 1
		}
	}
	if c := strings.Compare(a.SortName, b.SortName); c != 0 {
		return c
	}
	return strings.Compare(a.Slug, b.Slug)
}

// Before reports whether a comes before b in order o.
func (o OrganisationOrder) Before(a, b OrgSortKey) bool {
	c := a.Compare(b)
	if o.Desc {
		return c > 0
	}
	return c < 0
}

// EncodeCursor makes an opaque cursor from a sort key.
func EncodeCursor(k OrgSortKey) string {
	b, _ := json.Marshal(k)
	return base64.RawURLEncoding.EncodeToString(b)
}

// DecodeCursor reads a cursor made by EncodeCursor for order o. A cursor from another order or
// not made by this server is ErrInvalid.
func DecodeCursor(s string, o OrganisationOrder) (OrgSortKey, error) {
	var k OrgSortKey
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || json.Unmarshal(b, &k) != nil || k.Slug == "" {
		return k, Invalidf("cursor %q was not issued by this server", truncate(s, 40))
	}
	if k.Field != o.Field || k.Desc != o.Desc {
		return k, Invalidf("cursor was issued for another ordering (%s, descending %v)", k.Field, k.Desc)
	}
	if ecosystem.ValidateSlug(k.Slug) != nil {
		return k, Invalidf("cursor %q was not issued by this server", truncate(s, 40))
	}
	return k, nil
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}

// PageOf selects from keys, in order o, the page p asks for, with the selected keys' cursors,
// and fills the page's counts. Every backend pages with it, so cursors and boundaries agree. It
// does not sort every key: it keeps the first p.First of those after the cursor (a page is
// small next to a national listing), so keys is left in no particular order.
func PageOf(keys []OrgSortKey, o OrganisationOrder, p Page) ([]OrgSortKey, *OrganisationPage, error) {
	if p.First < 0 {
		return nil, nil, Invalidf("first must not be negative")
	}
	var after *OrgSortKey
	if p.After != "" {
		k, err := DecodeCursor(p.After, o)
		if err != nil {
			return nil, nil, err
		}
		after = &k
	}
	cmp := func(a, b OrgSortKey) int {
		if o.Desc {
			return b.Compare(a)
		}
		return a.Compare(b)
	}
	// skipped counts the keys up to the cursor; best holds, sorted, the first p.First keys
	// after it seen so far.
	skipped, rest := 0, 0
	best := make([]OrgSortKey, 0, min(p.First, len(keys)))
	for _, k := range keys {
		if after != nil && !o.Before(*after, k) {
			skipped++
			continue
		}
		rest++
		if p.First == 0 {
			continue
		}
		if len(best) == p.First && cmp(k, best[len(best)-1]) >= 0 {
			continue
		}
		i, _ := slices.BinarySearchFunc(best, k, cmp)
		if len(best) == p.First {
			best = best[:len(best)-1]
		}
		best = slices.Insert(best, i, k)
	}
	page := &OrganisationPage{TotalCount: len(keys), HasPreviousPage: skipped > 0, HasNextPage: rest > len(best)}
	for _, k := range best {
		k.Desc = o.Desc
		page.Cursors = append(page.Cursors, EncodeCursor(k))
	}
	return best, page, nil
}

// CheckOrder validates an order, defaulting the field to NAME.
func CheckOrder(o OrganisationOrder) (OrganisationOrder, error) {
	if o.Field == "" {
		o.Field = OrderByName
	}
	if o.Field != OrderByName && o.Field != OrderByKind && o.Field != OrderByDegree && o.Field != OrderByDistance {
		return o, Invalidf("unknown order field %q", o.Field)
	}
	return o, nil
}

// NewOrgSortKey builds the sort key of an organisation for order field f.
func NewOrgSortKey(f OrderField, slug, sortName string, kind ecosystem.OrganisationKind, degree int) OrgSortKey {
	k := OrgSortKey{Field: f, SortName: sortName, Slug: slug}
	switch f {
	case OrderByKind:
		k.Kind = string(kind)
	case OrderByDegree:
		k.Degree = degree
	}
	return k
}

// CheckNear checks the distance parts of a listing: an order by distance needs a point, and a
// radius must not be negative.
func CheckNear(f OrganisationFilter, o OrganisationOrder) error {
	if o.Field == OrderByDistance && f.Near == nil {
		return Invalidf("ordering by distance needs near")
	}
	if f.RadiusKm < 0 {
		return Invalidf("radius must not be negative")
	}
	return nil
}

// SeatDistance is the distance from the filter's point to a seat, and whether the organisation
// passes the filter's radius (an organisation without a seat point passes only without one).
func SeatDistance(f OrganisationFilter, seat *ecosystem.GeoPoint) (*float64, bool) {
	if f.Near == nil {
		return nil, true
	}
	if seat == nil {
		return nil, f.RadiusKm == 0
	}
	d := geo.DistanceKm(*f.Near, *seat)
	return &d, f.RadiusKm == 0 || d <= f.RadiusKm
}
