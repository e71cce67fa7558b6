package graph

import (
	"context"
	"fmt"

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
// selection set over 12.
const (
	// MaxSelections is the most fields one selection set may hold, counting the fields its
	// inline fragments and fragment spreads bring in (each spread counted whole, as validation
	// merges it).
	MaxSelections = 200
	// MaxDocumentFields is the most fields a document may spell out, in all its operations and
	// fragments.
	MaxDocumentFields = 2000
)

// DocumentLimits checks the shape of a document before gqlgen validates it: it parses the
// document itself (linear, under the token limit) and refuses
//
//   - a selection set with more than MaxSelections fields, fragments expanded, and a document
//     with more than MaxDocumentFields fields (FIELD_LIMIT_EXCEEDED);
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
	fragments := map[string]*ast.FragmentDefinition{}
	for _, f := range doc.Fragments {
		fragments[f.Name] = f
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
	return nil
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
			n += c.fragment(s.Name)
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
