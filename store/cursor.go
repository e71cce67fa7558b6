package store

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"sort"
	"strings"

	"github.com/wtz-graph/kg/graph/model"
)

// OrgSortKey is the position of an organisation in a listing: the ordered field's value, then
// the sort name, then the slug, so that every order is total and stable across backends.
type OrgSortKey struct {
	Field    OrderField `json:"f"`
	Desc     bool       `json:"r,omitempty"`
	Kind     string     `json:"k,omitempty"`
	Degree   int        `json:"d,omitempty"`
	SortName string     `json:"n"`
	Slug     string     `json:"s"`
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
	if model.ValidateSlug(k.Slug) != nil {
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

// PageOf sorts keys in order o and selects the page p asks for. It returns the indices of the
// selected keys (into the sorted slice), with their cursors, and fills the page's counts. Every
// backend pages with it, so cursors and boundaries agree.
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
	slices.SortFunc(keys, func(a, b OrgSortKey) int {
		if o.Desc {
			return b.Compare(a)
		}
		return a.Compare(b)
	})
	start := 0
	if after != nil {
		start = sort.Search(len(keys), func(i int) bool { return o.Before(*after, keys[i]) })
	}
	end := min(start+p.First, len(keys))
	page := &OrganisationPage{TotalCount: len(keys), HasPreviousPage: start > 0, HasNextPage: end < len(keys)}
	selected := keys[start:end]
	for _, k := range selected {
		k.Desc = o.Desc
		page.Cursors = append(page.Cursors, EncodeCursor(k))
	}
	return selected, page, nil
}

// CheckOrder validates an order, defaulting the field to NAME.
func CheckOrder(o OrganisationOrder) (OrganisationOrder, error) {
	if o.Field == "" {
		o.Field = OrderByName
	}
	if o.Field != OrderByName && o.Field != OrderByKind && o.Field != OrderByDegree {
		return o, Invalidf("unknown order field %q", o.Field)
	}
	return o, nil
}

// NewOrgSortKey builds the sort key of an organisation for order field f.
func NewOrgSortKey(f OrderField, slug, sortName string, kind model.OrganisationKind, degree int) OrgSortKey {
	k := OrgSortKey{Field: f, SortName: sortName, Slug: slug}
	switch f {
	case OrderByKind:
		k.Kind = string(kind)
	case OrderByDegree:
		k.Degree = degree
	}
	return k
}
