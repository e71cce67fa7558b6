package graph

import (
	"container/list"
	"context"
	"sync"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
)

// Bounds on what the server keeps of requests between them, so that anonymous clients cannot
// pin memory by sending large or many documents: the parsed-document cache and each half of
// the persisted-query cache keep at most so many entries and so many bytes, and no document
// longer than MaxCachedQueryBytes (such a document is parsed, or must be sent, each time).
const (
	// MaxCachedQueryBytes is the longest document text a cache keeps. The largest legitimate
	// document we know, GraphiQL's introspection query, is under 2 KiB.
	MaxCachedQueryBytes = 64 << 10
	// QueryCacheBytes bounds the parsed-document cache: document text plus an estimate of
	// its syntax tree (astNodeBytes per node), so that 14 KB of list values, which parse into
	// 1.5 MB, count what they hold.
	QueryCacheBytes = 64 << 20
	// MaxCachedDocumentBytes is the most a parsed document may weigh to be kept: 4,000 nodes.
	MaxCachedDocumentBytes = 1 << 20
	// PersistedQueryBytes bounds each half of the persisted-query cache (writers, anonymous).
	PersistedQueryBytes = 16 << 20
	// astNodeBytes is what one node of a parsed document (a field, an argument, a value, a
	// directive) takes on the heap, measured: about 210 bytes.
	astNodeBytes = 256
)

// boundedLRU is a least-recently-used cache bounded by entry count and by bytes, as weighed
// by weigh; an entry whose key is longer than maxKey, or which weighs more than maxEntry, is
// not kept.
type boundedLRU[T any] struct {
	mu       sync.Mutex
	order    *list.List // front: most recently used
	items    map[string]*list.Element
	size     int
	maxItems int
	maxBytes int
	maxKey   int
	maxEntry int
	weigh    func(key string, v T) int
}

type lruEntry[T any] struct {
	key    string
	value  T
	weight int
}

func newBoundedLRU[T any](maxItems, maxBytes, maxKey, maxEntry int, weigh func(string, T) int) *boundedLRU[T] {
	return &boundedLRU[T]{order: list.New(), items: map[string]*list.Element{}, maxItems: maxItems, maxBytes: maxBytes, maxKey: maxKey, maxEntry: maxEntry, weigh: weigh}
}

func (c *boundedLRU[T]) Get(_ context.Context, key string) (T, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		c.order.MoveToFront(e)
		return e.Value.(*lruEntry[T]).value, true
	}
	var zero T
	return zero, false
}

func (c *boundedLRU[T]) Add(_ context.Context, key string, v T) {
	if len(key) > c.maxKey {
		return // before weighing: weighing may walk the value
	}
	w := c.weigh(key, v)
	if w > c.maxEntry {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.items[key]; ok {
		old := e.Value.(*lruEntry[T])
		c.size += w - old.weight
		old.value, old.weight = v, w
		c.order.MoveToFront(e)
	} else {
		c.items[key] = c.order.PushFront(&lruEntry[T]{key: key, value: v, weight: w})
		c.size += w
	}
	for c.order.Len() > c.maxItems || c.size > c.maxBytes {
		last := c.order.Back()
		e := last.Value.(*lruEntry[T])
		c.order.Remove(last)
		delete(c.items, e.key)
		c.size -= e.weight
	}
}

// Len and Bytes report what the cache holds.
func (c *boundedLRU[T]) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.order.Len()
}

func (c *boundedLRU[T]) Bytes() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.size
}

// QueryCache is the executor's cache of parsed and validated documents, keyed by their text.
type QueryCache struct {
	*boundedLRU[*ast.QueryDocument]
}

var _ graphql.Cache[*ast.QueryDocument] = QueryCache{}

// NewQueryCache keeps at most size documents and QueryCacheBytes, none of more than
// MaxCachedQueryBytes of text. A document's weight is its text and its tree (astNodeBytes a
// node); one weighing more than MaxCachedDocumentBytes is not kept either.
func NewQueryCache(size int) QueryCache {
	return QueryCache{newBoundedLRU(size, QueryCacheBytes, MaxCachedQueryBytes, MaxCachedDocumentBytes, func(key string, doc *ast.QueryDocument) int {
		return len(key) + astNodeBytes*countNodes(doc)
	})}
}

// countNodes counts the nodes of a parsed document: definitions, selections, arguments,
// directives, variable definitions and values.
func countNodes(doc *ast.QueryDocument) int {
	if doc == nil {
		return 0
	}
	n := 0
	var value func(v *ast.Value)
	value = func(v *ast.Value) {
		if v == nil {
			return
		}
		n++
		for _, c := range v.Children {
			value(c.Value)
		}
	}
	args := func(list ast.ArgumentList) {
		for _, a := range list {
			n++
			value(a.Value)
		}
	}
	dirs := func(list ast.DirectiveList) {
		for _, d := range list {
			n++
			args(d.Arguments)
		}
	}
	var set func(s ast.SelectionSet)
	set = func(s ast.SelectionSet) {
		for _, sel := range s {
			n++
			switch x := sel.(type) {
			case *ast.Field:
				args(x.Arguments)
				dirs(x.Directives)
				set(x.SelectionSet)
			case *ast.InlineFragment:
				dirs(x.Directives)
				set(x.SelectionSet)
			case *ast.FragmentSpread:
				dirs(x.Directives)
			}
		}
	}
	for _, op := range doc.Operations {
		n++
		for _, v := range op.VariableDefinitions {
			n++
			value(v.DefaultValue)
			dirs(v.Directives)
		}
		dirs(op.Directives)
		set(op.SelectionSet)
	}
	for _, f := range doc.Fragments {
		n++
		dirs(f.Directives)
		set(f.SelectionSet)
	}
	return n
}
