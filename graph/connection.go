package graph

import (
	"context"
	"encoding/base64"

	"strconv"
	"strings"

	"github.com/99designs/gqlgen/graphql"

	"github.com/wtz-graph/kg/graph/generated"
)

// Every root list is a Relay connection (organisations pages in the store; the rest here).
// The ranked lists (search, partners, hosts, paths) and the small ones (sources, practices)
// are computed whole by the store, up to a cap, and cut into pages here. A cursor names its
// list, the position after its item and the item's key: the next page starts after that
// item wherever it now is, or at the position when it has left the list, so that a cursor
// stays valid while the list changes under it. Only the first page without totalCount asks
// the store for no more than it shows (first + 1, to know whether more follow).

const (
	// maxRanked caps how many answers of a ranked list can be paged (and counted), as search
	// APIs do (GitHub's search gives the first 1,000 results).
	maxRanked = 1000
	// maxRankedPaths caps the shortest paths enumerated for paging.
	maxRankedPaths = 100
)

// cursorOf encodes a position in the list named list: after the item with key, at offset.
func cursorOf(list string, offset int, key string) string {
	return base64.RawURLEncoding.EncodeToString([]byte(list + "\x00" + strconv.Itoa(offset) + "\x00" + key))
}

// parseCursor decodes a cursor of the list named list.
func parseCursor(list, cursor string) (offset int, key string, err error) {
	bad := badInput("after is not a cursor of this list; pass an edge's cursor or pageInfo.endCursor of the same field")
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil {
		return 0, "", bad
	}
	parts := strings.SplitN(string(raw), "\x00", 3)
	if len(parts) != 3 || parts[0] != list {
		return 0, "", bad
	}
	offset, err = strconv.Atoi(parts[1])
	if err != nil || offset < 0 {
		return 0, "", bad
	}
	return offset, parts[2], nil
}

// fetchLimit is how many items to ask the store for: the page and one more on a first page
// without totalCount, else the whole list up to its cap.
func fetchLimit(ctx context.Context, connection string, first int, after *string, cap int) int {
	if deref(after) == "" && !selects(ctx, connection, "totalCount") {
		return min(first+1, cap)
	}
	return cap
}

// selects reports whether the current field's selection (of the given type) has the field.
func selects(ctx context.Context, typeName, field string) bool {
	op := graphql.GetOperationContext(ctx)
	if op == nil {
		return true
	}
	for _, f := range graphql.CollectFields(op, rootSelection(ctx), []string{typeName}) {
		if f.Name == field {
			return true
		}
	}
	return false
}

// pageCut is one page of a list.
type pageCut[T any] struct {
	items   []T
	cursors []string
	info    *generated.PageInfo
	total   int
}

// cutPage cuts the page of first items after the cursor out of list (fetched with fetchLimit:
// the whole list up to its cap, or the first page and one more).
func cutPage[T any](list []T, key func(T) string, name string, first int, after *string, cap int) (pageCut[T], error) {
	start := 0
	if a := deref(after); a != "" {
		offset, k, err := parseCursor(name, a)
		if err != nil {
			return pageCut[T]{}, err
		}
		start = min(offset, len(list))
		for i, item := range list {
			if key(item) == k {
				start = i + 1
				break
			}
		}
	}
	end := min(start+first, len(list))
	p := pageCut[T]{items: list[start:end], info: &generated.PageInfo{HasNextPage: end < len(list), HasPreviousPage: start > 0}, total: len(list)}
	for i, item := range p.items {
		p.cursors = append(p.cursors, cursorOf(name, start+i+1, key(item)))
	}
	if n := len(p.cursors); n > 0 {
		p.info.StartCursor, p.info.EndCursor = &p.cursors[0], &p.cursors[n-1]
	}
	if len(list) >= cap && end == len(list) {
		p.info.HasNextPage = false // the cap: nothing is paged beyond it
	}
	return p, nil
}

// pathKey names a path by its relations.
func pathKey(rels []string) string { return strings.Join(rels, ",") }
