package store

import (
	"encoding/base64"
	"encoding/json"
	"strings"

	"github.com/wtz-graph/kg/graph/model"
)

// OrgSortKey is the position of an organisation in a listing: the ordered field's value, then
// the sort name, then the slug, so that every order is total and stable across backends.
type OrgSortKey struct {
	Field    OrderField `json:"f"`
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
	if k.Field != o.Field {
		return k, Invalidf("cursor was issued for ordering by %s, not %s", k.Field, o.Field)
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
