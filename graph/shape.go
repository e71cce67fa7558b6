package graph

import (
	"context"
	"fmt"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// Codes of documents refused for their shape, before they are validated.
const (
	CodeFieldLimit            = "FIELD_LIMIT_EXCEEDED"
	CodeIntrospectionLimit    = "INTROSPECTION_LIMIT_EXCEEDED"
	CodeIntrospectionDisabled = "INTROSPECTION_DISABLED"
)

// Caps on the shape of a document. Validation (overlapping fields in particular) compares the
// fields of a selection set pairwise, so these bound its work before it runs. The largest
// legitimate document we know, GraphiQL's introspection query, has under 100 fields and no
// selection set over 12; expanded as validation walks it, it visits about 400 fields.
const (
	// MaxSelections is the most fields one selection set may hold, counting the fields its
	// inline fragments and fragment spreads bring in (each spread counted whole, as validation
	// merges it, and at least as one).
	MaxSelections = 200
	// MaxDocumentFields is the most fields a document may spell out, in all its operations and
	// fragments.
	MaxDocumentFields = 2000
	// MaxOperations is the most operations a document may hold, and MaxFragments the most
	// fragment definitions: validation walks every operation and every fragment definition on
	// its own, each with the fragments it reaches.
	MaxOperations = 20
	MaxFragments  = 100
	// MaxValidationFields bounds what validation visits: the fields (with their arguments'
	// values and their directives), inline fragments and spreads of every operation and every
	// fragment definition, each fragment expanded where it is spread, and a field inside nested
	// inline fragments counted once more for each of them (validation compares it again in
	// each). Validation walks each operation and fragment definition on its own, so one
	// fragment spread by twenty operations counts twenty-one times.
	MaxValidationFields = 10000
	// MaxSameResponseName is the most fields that may merge under one response name at one
	// place of the response, through aliases, fragments and the selection sets of fields that
	// merge themselves: validation compares every pair of them, and the pairs of their
	// subfields in turn (nine `s: seat { id ×199 }` took 0.3 s for each operation spreading
	// them).
	MaxSameResponseName = 50
)

// DocumentLimits checks the shape of a document before gqlgen validates it: it parses the
// document itself (linear, under the token limit) and refuses
//
//   - a document with more than MaxOperations operations or MaxFragments fragment definitions,
//     a selection set with more than MaxSelections fields (fragments expanded), a document
//     with more than MaxDocumentFields fields, one over which validation would visit more than
//     MaxValidationFields, and more than MaxSameResponseName fields merging under one response
//     name (FIELD_LIMIT_EXCEEDED);
//   - introspection when it is off (INTROSPECTION_DISABLED), and more than MaxIntrospection
//     __schema and __type fields in one operation (INTROSPECTION_LIMIT_EXCEEDED);
//   - variable values that do not have their declared type (BAD_USER_INPUT; see variables.go).
//
// It must run after the persisted-query extensions, which may fill in the document. A
// document found in the executor's cache passed the shape checks already.
type DocumentLimits struct {
	TokenLimit       int
	Introspection    bool
	MaxIntrospection int
	// Cache is the executor's parsed-query cache.
	Cache  graphql.Cache[*ast.QueryDocument]
	schema *ast.Schema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = (*DocumentLimits)(nil)

// ExtensionName implements graphql.HandlerExtension.
func (*DocumentLimits) ExtensionName() string { return "DocumentLimits" }

// Validate implements graphql.HandlerExtension.
func (l *DocumentLimits) Validate(es graphql.ExecutableSchema) error {
	if l.Cache == nil {
		return fmt.Errorf("document limits need the query cache")
	}
	l.schema = es.Schema()
	return nil
}

// MutateOperationParameters implements graphql.OperationParameterMutator.
func (l *DocumentLimits) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	if params.Query == "" {
		return nil // gqlgen answers a missing document
	}
	doc, cached := l.Cache.Get(ctx, params.Query)
	if !cached {
		var err error
		doc, err = parser.ParseQueryWithTokenLimit(&ast.Source{Input: params.Query}, l.TokenLimit)
		if err != nil {
			return nil // gqlgen parses again and reports the syntax error
		}
		if err := l.checkShape(doc); err != nil {
			return err
		}
	}
	op := operationNamed(doc, params.OperationName)
	if op == nil {
		return nil
	}
	return checkVariables(l.schema, op, params.Variables)
}

func operationNamed(doc *ast.QueryDocument, name string) *ast.OperationDefinition {
	if name == "" {
		if len(doc.Operations) == 1 {
			return doc.Operations[0]
		}
		return nil
	}
	return doc.Operations.ForName(name)
}

func (l *DocumentLimits) checkShape(doc *ast.QueryDocument) *gqlerror.Error {
	switch {
	case len(doc.Operations) > MaxOperations:
		return &gqlerror.Error{
			Message:    fmt.Sprintf("the document has %d operations; the limit is %d", len(doc.Operations), MaxOperations),
			Extensions: map[string]any{"code": CodeFieldLimit, "limit": MaxOperations, "value": len(doc.Operations)},
		}
	case len(doc.Fragments) > MaxFragments:
		return &gqlerror.Error{
			Message:    fmt.Sprintf("the document has %d fragment definitions; the limit is %d", len(doc.Fragments), MaxFragments),
			Extensions: map[string]any{"code": CodeFieldLimit, "limit": MaxFragments, "value": len(doc.Fragments)},
		}
	}
	// The first definition of a name is the one validation spreads, as here.
	fragments := map[string]*ast.FragmentDefinition{}
	for _, f := range doc.Fragments {
		if _, ok := fragments[f.Name]; !ok {
			fragments[f.Name] = f
		}
	}
	// Introspection first: an alias bomb of __schema is named for what it is.
	for _, op := range doc.Operations {
		keys := map[string]bool{}
		introspectionKeys(op.SelectionSet, fragments, map[string]bool{}, keys)
		switch {
		case len(keys) > 0 && !l.Introspection:
			return &gqlerror.Error{
				Message:    "introspection is turned off on this server (__typename still answers)",
				Extensions: map[string]any{"code": CodeIntrospectionDisabled},
			}
		case len(keys) > l.MaxIntrospection:
			return &gqlerror.Error{
				Message:    fmt.Sprintf("the operation asks for %d __schema or __type fields; the limit is %d", len(keys), l.MaxIntrospection),
				Extensions: map[string]any{"code": CodeIntrospectionLimit, "limit": l.MaxIntrospection, "value": len(keys)},
			}
		}
	}
	c := &fieldCounter{fragments: fragments, expanded: map[string]int{}, visiting: map[string]bool{}}
	for _, op := range doc.Operations {
		c.set(op.SelectionSet)
	}
	for _, f := range doc.Fragments {
		c.set(f.SelectionSet)
	}
	switch {
	case c.widest > MaxSelections:
		return &gqlerror.Error{
			Message:    fmt.Sprintf("a selection set holds %d fields (fragments included); the limit is %d", c.widest, MaxSelections),
			Extensions: map[string]any{"code": CodeFieldLimit, "limit": MaxSelections, "value": c.widest},
		}
	case c.spelled > MaxDocumentFields:
		return &gqlerror.Error{
			Message:    fmt.Sprintf("the document has %d fields; the limit is %d", c.spelled, MaxDocumentFields),
			Extensions: map[string]any{"code": CodeFieldLimit, "limit": MaxDocumentFields, "value": c.spelled},
		}
	}
	return checkMerged(doc, fragments)
}

// checkMerged walks the document as validation will: every operation and every fragment
// definition on its own, fragments expanded where they are spread, the fields that merge at one
// place of the response together. It refuses a document over which validation would visit more
// than MaxValidationFields, or in which more than MaxSameResponseName fields merge under one
// response name. It stops as soon as either limit is passed, so it is itself bounded.
func checkMerged(doc *ast.QueryDocument, fragments map[string]*ast.FragmentDefinition) *gqlerror.Error {
	m := &mergeWalker{fragments: fragments}
	for _, op := range doc.Operations {
		if m.merge([]mergeOrigin{{set: op.SelectionSet}}) {
			break
		}
	}
	if m.refusal == nil {
		for _, f := range doc.Fragments {
			if m.merge([]mergeOrigin{{set: f.SelectionSet, stack: &fragmentStack{name: f.Name}}}) {
				break
			}
		}
	}
	return m.refusal
}

// mergeOrigin is a selection set that merges at a place of the response, with the fragments
// spread on the way to it (so that a cycle, which validation refuses, ends the walk).
type mergeOrigin struct {
	set   ast.SelectionSet
	stack *fragmentStack
}

type fragmentStack struct {
	name   string
	parent *fragmentStack
}

func (s *fragmentStack) has(name string) bool {
	for ; s != nil; s = s.parent {
		if s.name == name {
			return true
		}
	}
	return false
}

type mergeWalker struct {
	fragments map[string]*ast.FragmentDefinition
	visits    int
	path      []string
	refusal   *gqlerror.Error
}

// merge measures the selection sets that merge at one place, and the places below it; it
// reports whether the walk must stop.
func (m *mergeWalker) merge(origins []mergeOrigin) bool {
	counts := map[string]int{}
	children := map[string][]mergeOrigin{}
	var names []string
	var collect func(set ast.SelectionSet, stack *fragmentStack, inline int) bool
	collect = func(set ast.SelectionSet, stack *fragmentStack, inline int) bool {
		for _, sel := range set {
			m.visits++
			switch s := sel.(type) {
			case *ast.Field:
				// Validation walks argument values and directives each time it walks the
				// field, and compares the arguments of fields that merge.
				m.visits += inline + argumentNodes(s.Arguments) + directiveNodes(s.Directives)
				key := s.Alias
				if key == "" {
					key = s.Name
				}
				if counts[key] == 0 {
					names = append(names, key)
				}
				counts[key]++
				if counts[key] > MaxSameResponseName {
					m.refusal = &gqlerror.Error{
						Message: fmt.Sprintf("more than %d fields merge under the response name %s at %s (through aliases, fragments and merging fields); the limit is %d",
							MaxSameResponseName, clip(key, 40), m.place(), MaxSameResponseName),
						Extensions: map[string]any{"code": CodeFieldLimit, "limit": MaxSameResponseName, "value": counts[key]},
					}
					return true
				}
				if len(s.SelectionSet) > 0 {
					children[key] = append(children[key], mergeOrigin{set: s.SelectionSet, stack: stack})
				}
			case *ast.InlineFragment:
				m.visits += directiveNodes(s.Directives)
				if collect(s.SelectionSet, stack, inline+1) {
					return true
				}
			case *ast.FragmentSpread:
				m.visits += directiveNodes(s.Directives)
				f := m.fragments[s.Name]
				if f != nil && !stack.has(s.Name) {
					if collect(f.SelectionSet, &fragmentStack{name: s.Name, parent: stack}, 0) {
						return true
					}
				}
			}
			if m.visits > MaxValidationFields {
				m.refusal = &gqlerror.Error{
					Message: fmt.Sprintf("validation would visit more than %d fields (each operation and fragment definition walked on its own, with the fragments it spreads); the limit is %d",
						MaxValidationFields, MaxValidationFields),
					Extensions: map[string]any{"code": CodeFieldLimit, "limit": MaxValidationFields, "value": m.visits},
				}
				return true
			}
		}
		return false
	}
	for _, o := range origins {
		if collect(o.set, o.stack, 0) {
			return true
		}
	}
	for _, name := range names {
		if len(children[name]) == 0 {
			continue
		}
		m.path = append(m.path, name)
		stop := m.merge(children[name])
		m.path = m.path[:len(m.path)-1]
		if stop {
			return true
		}
	}
	return false
}

// argumentNodes counts the arguments of a field and the nodes of their values.
func argumentNodes(args ast.ArgumentList) int {
	n := 0
	for _, a := range args {
		n += 1 + valueNodes(a.Value)
	}
	return n
}

func directiveNodes(dirs ast.DirectiveList) int {
	n := 0
	for _, d := range dirs {
		n += 1 + argumentNodes(d.Arguments)
	}
	return n
}

func valueNodes(v *ast.Value) int {
	if v == nil {
		return 0
	}
	n := 1
	for _, c := range v.Children {
		n += valueNodes(c.Value)
	}
	return n
}

// place names a place of the response for messages: its path of response names, cut.
func (m *mergeWalker) place() string {
	if len(m.path) == 0 {
		return "the root"
	}
	return clip(strings.Join(m.path, "."), 80)
}

// introspectionKeys collects the response names of __schema and __type fields at the root of
// an operation, through fragments: fields of one response name merge and run once.
func introspectionKeys(set ast.SelectionSet, fragments map[string]*ast.FragmentDefinition, seen map[string]bool, keys map[string]bool) {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			if s.Name == "__schema" || s.Name == "__type" {
				key := s.Alias
				if key == "" {
					key = s.Name
				}
				keys[key] = true
			}
		case *ast.InlineFragment:
			introspectionKeys(s.SelectionSet, fragments, seen, keys)
		case *ast.FragmentSpread:
			if f := fragments[s.Name]; f != nil && !seen[s.Name] {
				seen[s.Name] = true
				introspectionKeys(f.SelectionSet, fragments, seen, keys)
			}
		}
	}
}

// fieldCounter measures a document: the widest selection set with fragments expanded (each
// fragment measured once) and the number of fields spelled out.
type fieldCounter struct {
	fragments map[string]*ast.FragmentDefinition
	expanded  map[string]int
	visiting  map[string]bool
	widest    int
	spelled   int
}

// set measures a selection set, and every selection set inside it, and returns its width.
func (c *fieldCounter) set(set ast.SelectionSet) int {
	n := c.width(set)
	c.widest = max(c.widest, n)
	return n
}

// width is the number of fields a selection set merges, with its inline fragments and
// spreads; nested selection sets are measured on the way.
func (c *fieldCounter) width(set ast.SelectionSet) int {
	n := 0
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			c.spelled++
			n++
			if len(s.SelectionSet) > 0 {
				c.set(s.SelectionSet)
			}
		case *ast.InlineFragment:
			n += c.width(s.SelectionSet)
		case *ast.FragmentSpread:
			// At least one: validation compares every pair of spreads in a selection set.
			n += max(1, c.fragment(s.Name))
		}
		if n > MaxSelections {
			return n // enough to refuse; stop before a crafted document costs more
		}
	}
	return n
}

// fragment is the width a fragment adds where it is spread, measured once. Its fields are
// counted as spelled when the fragment definition itself is measured.
func (c *fieldCounter) fragment(name string) int {
	if n, ok := c.expanded[name]; ok {
		return n
	}
	f := c.fragments[name]
	if f == nil || c.visiting[name] {
		return 0 // unknown or cyclic: validation refuses it
	}
	c.visiting[name] = true
	spelled := c.spelled
	n := c.width(f.SelectionSet)
	c.spelled = spelled // counted with the definitions
	delete(c.visiting, name)
	c.expanded[name] = n
	return n
}

// Defers tells whether an operation defers any of its fragments (a @defer whose if is not
// false), so that transports without incremental delivery can refuse it rather than drop
// the deferred fields.
func Defers(oc *graphql.OperationContext) bool {
	if oc == nil || oc.Operation == nil {
		return false
	}
	seen := map[string]bool{}
	var walk func(set ast.SelectionSet) bool
	deferred := func(dirs ast.DirectiveList) bool {
		d := dirs.ForName("defer")
		if d == nil {
			return false
		}
		on, ok := d.ArgumentMap(oc.Variables)["if"].(bool)
		return !ok || on
	}
	walk = func(set ast.SelectionSet) bool {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				if walk(s.SelectionSet) {
					return true
				}
			case *ast.InlineFragment:
				if deferred(s.Directives) || walk(s.SelectionSet) {
					return true
				}
			case *ast.FragmentSpread:
				if deferred(s.Directives) {
					return true
				}
				if s.Definition != nil && !seen[s.Name] {
					seen[s.Name] = true
					if walk(s.Definition.SelectionSet) {
						return true
					}
				}
			}
		}
		return false
	}
	return walk(oc.Operation.SelectionSet)
}
