package graph

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/parser"
)

// TestQueryCacheIsBoundedByBytes: the parsed-document cache weighs a document by its text and
// its tree, so that many small documents of long lists (14 KB of text parse into 1.5 MB) cannot
// fill memory, and it keeps no document over MaxCachedQueryBytes.
func TestQueryCacheIsBoundedByBytes(t *testing.T) {
	ctx := context.Background()
	parse := func(q string) *ast.QueryDocument {
		doc, err := parser.ParseQuery(&ast.Source{Input: q})
		if err != nil {
			t.Fatal(err)
		}
		return doc
	}
	c := NewQueryCache(1000)
	long := "# " + strings.Repeat("x", MaxCachedQueryBytes) + "\n{ __typename }"
	c.Add(ctx, long, parse(long))
	if _, ok := c.Get(ctx, long); ok {
		t.Errorf("a document over %d bytes was kept", MaxCachedQueryBytes)
	}
	heavy := "{ nodes(ids: [" + strings.Repeat("1 ", 7000) + "]) { id } }"
	c.Add(ctx, heavy, parse(heavy))
	if _, ok := c.Get(ctx, heavy); ok {
		t.Errorf("a document of 7,000 values was kept")
	}
	lists := "{ nodes(ids: [" + strings.Repeat("1 ", 3000) + "]) { id } }"
	doc := parse(lists)
	for i := range 200 {
		c.Add(ctx, fmt.Sprintf("# %d\n%s", i, lists), doc)
	}
	if c.Bytes() > QueryCacheBytes || c.Len() >= 200 {
		t.Errorf("200 documents of 3,000 values: %d kept, %d bytes (at most %d)", c.Len(), c.Bytes(), QueryCacheBytes)
	}
	if _, ok := c.Get(ctx, "# 199\n"+lists); !ok {
		t.Errorf("the latest document was evicted")
	}
	if _, ok := c.Get(ctx, "# 0\n"+lists); ok {
		t.Errorf("the oldest document was kept")
	}
	// By count as well.
	small := NewQueryCache(3)
	for i := range 5 {
		q := fmt.Sprintf("query Q%d { __typename }", i)
		small.Add(ctx, q, parse(q))
	}
	if small.Len() != 3 {
		t.Errorf("a cache of 3 holds %d", small.Len())
	}
}

// TestPersistedQueriesKeepNoLargeDocument: neither part of the persisted-query cache keeps a
// document over MaxCachedQueryBytes, and each is bounded by bytes.
func TestPersistedQueriesKeepNoLargeDocument(t *testing.T) {
	ctx := context.Background()
	p := NewPersistedQueries(1000)
	p.Add(ctx, "h1", strings.Repeat("x", MaxCachedQueryBytes+1))
	p.Add(WithWriter(ctx), "h2", strings.Repeat("x", MaxCachedQueryBytes+1))
	if p.Len() != 0 {
		t.Errorf("%d documents over %d bytes were kept", p.Len(), MaxCachedQueryBytes)
	}
	for i := range 1000 {
		p.Add(ctx, fmt.Sprintf("h%d", i), strings.Repeat("x", MaxCachedQueryBytes-10))
	}
	if p.Bytes() > PersistedQueryBytes {
		t.Errorf("the anonymous part holds %d bytes (at most %d)", p.Bytes(), PersistedQueryBytes)
	}
}
