package graph

import (
	"slices"
	"testing"
)

// TestCursorsFollowTheirItem: a page after a cursor starts after its item wherever the item
// has moved, at the cursor's position when the item has left the list, and a cursor of
// another list or a forged one is refused.
func TestCursorsFollowTheirItem(t *testing.T) {
	id := func(s string) string { return s }
	list := []string{"a", "b", "c", "d", "e"}
	first, err := cutPage(list, id, "l", 2, nil, 100)
	if err != nil || !slices.Equal(first.items, []string{"a", "b"}) || !first.info.HasNextPage || first.info.HasPreviousPage || first.total != 5 {
		t.Fatalf("first page: %+v %v", first, err)
	}
	after := *first.info.EndCursor
	page := func(l []string) []string {
		t.Helper()
		p, err := cutPage(l, id, "l", 2, &after, 100)
		if err != nil {
			t.Fatal(err)
		}
		return p.items
	}
	if got := page(list); !slices.Equal(got, []string{"c", "d"}) {
		t.Errorf("the next page: %v", got)
	}
	if got := page([]string{"x", "y", "a", "c", "b", "d", "e"}); !slices.Equal(got, []string{"d", "e"}) {
		t.Errorf("after b, which moved: %v", got)
	}
	if got := page([]string{"a", "c", "d", "e"}); !slices.Equal(got, []string{"d", "e"}) {
		t.Errorf("after b, which left (position 2): %v", got)
	}
	last, _ := cutPage(list, id, "l", 2, ptr(*page2End(t, list, after)), 100)
	if last.info.HasNextPage || !slices.Equal(last.items, []string{"e"}) {
		t.Errorf("the last page: %+v", last)
	}
	for _, bad := range []string{"nonsense", cursorOf("other", 2, "b"), cursorOf("l", -1, "b")} {
		if _, err := cutPage(list, id, "l", 2, &bad, 100); err == nil {
			t.Errorf("cursor %q was accepted", bad)
		}
	}
	// At the cap nothing more is paged.
	capped, _ := cutPage(list, id, "l", 5, nil, 5)
	if capped.info.HasNextPage {
		t.Errorf("a page that reaches the cap says more follow")
	}
}

func page2End(t *testing.T, list []string, after string) *string {
	t.Helper()
	p, err := cutPage(list, func(s string) string { return s }, "l", 2, &after, 100)
	if err != nil {
		t.Fatal(err)
	}
	return p.info.EndCursor
}

func ptr[T any](v T) *T { return &v }
