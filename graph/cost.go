package graph

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Codes of operations refused before they run.
const (
	CodeDepthLimit      = "DEPTH_LIMIT_EXCEEDED"
	CodeComplexityLimit = "COMPLEXITY_LIMIT_EXCEEDED"
)

// QueryLimits refuses operations that nest too deep or would cost too much, before any
// resolver runs, naming the limit and its value. It replaces gqlgen's complexity extension:
//
//   - Depth counts nested field levels, introspection excluded (gqlparser's own validation
//     bounds how deep introspection may nest schema lists).
//   - Cost is 1 per field; a list field multiplies the cost of its selections by the page size
//     the request asks for (its first or limit argument, else the field's default bound), so
//     that nested lists cost what they could return. The lists of an ego network are as long as
//     its limit (nodes) and RelationsPerNode times it (relations).
//   - Root fields that make a store call of their own cost what rootCost says (calibrated by
//     bench/adversary; hosts per theme), and analysis fields nested under an entity (partners,
//     timeline) AnalysisCost each, as each is a traversal that a loader cannot batch. Lists
//     without a page argument cost listSizes or defaultListSize items.
//   - Introspection is costed like data, exactly: __schema and __type are measured against the
//     schema itself, every list as long as what the schema holds (GraphiQL's query costs about
//     as many fields as its answer has).
//   - Fragments are costed once each (memoised), so repeated spreads cannot make the check
//     itself exponential; introspection, which is measured against the schema, stops as soon
//     as it passes the limit.
type QueryLimits struct {
	MaxDepth int
	MaxCost  int
	schema   *ast.Schema
}

// RelationsPerNode is the number of relations per node an ego network is costed for: the
// relations among its nodes are not bounded by its limit, only by the graph.
const RelationsPerNode = 5

// AnalysisCost is the cost of one nested analysis field: a store call of its own, which a loader
// cannot batch. It bounds such calls to MaxCost/AnalysisCost per request.
const AnalysisCost = 1000

// MutationCost is the cost of one mutation field, so that one request cannot carry thousands
// of aliased writes (at most MaxCost/MutationCost).
const MutationCost = 10000

// defaultListSize is the size assumed for a list field without a page argument: the small
// lists of an entity (an event's places, a relation's sources). Lists that can grow with the
// graph all take a page argument.
const defaultListSize = 10

// analysisFields are fields of entities that call the store on their own, each a traversal.
var analysisFields = map[string]bool{"partners": true, "timeline": true}

// rootCost is the own cost of root fields that each make a store call of their own, which
// loaders cannot batch. The figures come from bench/adversary at size M on the embedded store
// (bench/README.md): about 100 per millisecond of a call's worst case, so that the default
// MAX_COST of 100000 stands for about a second of work. hosts costs its figure per theme asked
// (every theme when none is given): a visit plan over all fourteen themes took 225 ms.
var rootCost = map[string]float64{
	"partners":      AnalysisCost,
	"timeline":      AnalysisCost,
	"path":          AnalysisCost,
	"neighbourhood": AnalysisCost,
	"hosts":         2000,
	"search":        2000,
	"practices":     1000,
	"organisations": 2000,
	// match: a search, identifier look-ups and the candidates' seats.
	"match": 2000,
}

// themeCount is the number of Theme values, the themes a visit plan without themes weighs.
const themeCount = 14

// listSizes are the sizes assumed for lists without a page argument whose length the graph's
// shape bounds: a place's children are at most the 42 powiats of a voivodeship.
var listSizes = map[string]float64{"Place.children": 50}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = (*QueryLimits)(nil)

// ExtensionName implements graphql.HandlerExtension.
func (*QueryLimits) ExtensionName() string { return "QueryLimits" }

// Validate implements graphql.HandlerExtension.
func (l *QueryLimits) Validate(es graphql.ExecutableSchema) error {
	if l.MaxDepth < 1 || l.MaxCost < 1 {
		return fmt.Errorf("query limits must be positive")
	}
	l.schema = es.Schema()
	return nil
}

// MutateOperationContext implements graphql.OperationContextMutator.
func (l *QueryLimits) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) (gerr *gqlerror.Error) {
	if oc.Operation == nil {
		return nil
	}
	defer func() {
		// gqlparser panics on literal values it cannot represent (a float of 1e400).
		if v := recover(); v != nil {
			gerr = &gqlerror.Error{Message: "an argument value is out of range", Extensions: map[string]any{"code": CodeBadUserInput}}
		}
	}()
	w := &costWalker{limits: l, vars: oc.Variables, fragments: map[string]fragmentCost{}}
	c := w.selections(oc.Operation.SelectionSet, false)
	switch {
	case c.depth > l.MaxDepth:
		return &gqlerror.Error{
			Message:    fmt.Sprintf("the operation nests %d levels deep; the limit is %d", c.depth, l.MaxDepth),
			Extensions: map[string]any{"code": CodeDepthLimit, "limit": l.MaxDepth, "value": c.depth},
		}
	case c.cost > float64(l.MaxCost):
		return &gqlerror.Error{
			Message:    fmt.Sprintf("the operation would cost %.0f; the limit is %d (lists cost their page size times their contents)", math.Min(c.cost, 1e15), l.MaxCost),
			Extensions: map[string]any{"code": CodeComplexityLimit, "limit": l.MaxCost, "value": math.Min(c.cost, 1e15)},
		}
	}
	return nil
}

// fragmentCost is the measure of a selection set.
type fragmentCost struct {
	cost  float64
	depth int
}

type costWalker struct {
	limits    *QueryLimits
	vars      map[string]any
	fragments map[string]fragmentCost
	visiting  map[string]bool
	// introspection is what the introspection fields measured so far cost.
	introspection float64
}

// selections measures a selection set; introspection tells whether it lies under __schema or
// __type, whose fields count neither towards depth nor as lists.
func (w *costWalker) selections(set ast.SelectionSet, introspection bool) fragmentCost {
	var out fragmentCost
	add := func(c fragmentCost) {
		out.cost += c.cost
		out.depth = max(out.depth, c.depth)
	}
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			add(w.field(s, introspection))
		case *ast.InlineFragment:
			add(w.selections(s.SelectionSet, introspection))
		case *ast.FragmentSpread:
			if s.Definition == nil {
				continue
			}
			key := fmt.Sprintf("%s/%v", s.Name, introspection)
			c, ok := w.fragments[key]
			if !ok {
				if w.visiting == nil {
					w.visiting = map[string]bool{}
				}
				if w.visiting[key] { // a cycle; validation rejects these, this guards the walk
					continue
				}
				w.visiting[key] = true
				c = w.selections(s.Definition.SelectionSet, introspection)
				delete(w.visiting, key)
				w.fragments[key] = c
			}
			add(c)
		}
	}
	return out
}

func (w *costWalker) field(f *ast.Field, introspection bool) fragmentCost {
	switch {
	case f.Name == "__schema" || f.Name == "__type":
		// Costed against the schema once per field; the fragment memo cannot hold it, as the
		// same fragment costs what the type it is applied to holds.
		c := w.introspectionField(f)
		w.introspection += c
		return fragmentCost{cost: c}
	case introspection || strings.HasPrefix(f.Name, "__"):
		return fragmentCost{cost: 1}
	}
	child := w.selections(f.SelectionSet, false)
	c := fragmentCost{depth: 1 + child.depth}
	size := 1.0
	if t := f.Definition; t != nil && t.Type != nil {
		switch {
		case f.ObjectDefinition != nil && f.ObjectDefinition.Name == "Neighbourhood" && (f.Name == "nodes" || f.Name == "relations"):
			// Sized by the ego network's limit: see neighbourhood below.
			size = defaultListSize
		case t.Type.Elem != nil && !(f.ObjectDefinition != nil && strings.HasSuffix(f.ObjectDefinition.Name, "Connection")):
			size = w.listSize(f)
		case strings.HasSuffix(t.Type.Name(), "Connection"):
			// A connection's edges and nodes hold as many items as its page.
			size = w.listSize(f)
		}
	}
	own := 1.0
	switch {
	case f.ObjectDefinition != nil && f.ObjectDefinition.Name == "Mutation":
		own = MutationCost
	case f.ObjectDefinition != nil && f.ObjectDefinition.Name == "Query" && rootCost[f.Name] > 0:
		own = rootCost[f.Name]
		if f.Name == "hosts" {
			own *= w.themes(f)
		}
	case f.ObjectDefinition != nil && f.ObjectDefinition.Name != "Query" && analysisFields[f.Name]:
		own = AnalysisCost
	}
	if f.Name == "neighbourhood" && f.ObjectDefinition != nil && f.ObjectDefinition.Name == "Query" {
		child = w.neighbourhood(f)
	}
	c.cost = own + size*child.cost
	if child.cost == 0 {
		c.cost = own * size
	}
	return c
}

// listSize is the number of items a list field may return: its first or limit argument, or
// the argument's default (also when the argument is null, as the resolver then uses the
// default), or defaultListSize.
func (w *costWalker) listSize(f *ast.Field) float64 {
	args := f.ArgumentMap(w.vars)
	for _, name := range []string{"first", "limit"} {
		v, ok := args[name]
		if !ok {
			continue
		}
		if v == nil {
			v = w.argumentDefault(f, name)
		}
		switch n := v.(type) {
		case int64:
			return math.Max(1, float64(n))
		case int:
			return math.Max(1, float64(n))
		case float64:
			return math.Max(1, n)
		}
	}
	if v, ok := args["ids"].([]any); ok {
		return math.Max(1, float64(len(v)))
	}
	if f.ObjectDefinition != nil {
		if n, ok := listSizes[f.ObjectDefinition.Name+"."+f.Name]; ok {
			return n
		}
	}
	return defaultListSize
}

// argumentDefault is the schema's default value of a field's argument, nil without one.
func (w *costWalker) argumentDefault(f *ast.Field, name string) any {
	if f.Definition == nil {
		return nil
	}
	def := f.Definition.Arguments.ForName(name)
	if def == nil || def.DefaultValue == nil {
		return nil
	}
	v, err := def.DefaultValue.Value(nil)
	if err != nil {
		return nil
	}
	return v
}

// themes is the number of distinct themes a hosts field asks for; none asks for all.
func (w *costWalker) themes(f *ast.Field) float64 {
	list, _ := f.ArgumentMap(w.vars)["themes"].([]any)
	seen := map[any]bool{}
	for _, t := range list {
		seen[t] = true
	}
	if len(seen) == 0 {
		return themeCount
	}
	return float64(min(len(seen), themeCount))
}

// neighbourhood measures the selections of an ego network: its nodes list holds up to its
// limit, its relations list RelationsPerNode times that. Fragments are measured once per limit.
func (w *costWalker) neighbourhood(f *ast.Field) fragmentCost {
	// listSize reads limit, or its default when it is absent or null.
	return w.neighbourhoodSet(f.SelectionSet, w.listSize(f))
}

func (w *costWalker) neighbourhoodSet(set ast.SelectionSet, limit float64) fragmentCost {
	var out fragmentCost
	add := func(c fragmentCost) {
		out.cost += c.cost
		out.depth = max(out.depth, c.depth)
	}
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			child := w.selections(s.SelectionSet, false)
			n := 1.0
			switch s.Name {
			case "nodes":
				n = limit
			case "relations":
				n = RelationsPerNode * limit
			}
			add(fragmentCost{cost: n * math.Max(1, child.cost), depth: 1 + child.depth})
		case *ast.InlineFragment:
			add(w.neighbourhoodSet(s.SelectionSet, limit))
		case *ast.FragmentSpread:
			if s.Definition == nil {
				continue
			}
			key := fmt.Sprintf("%s/neighbourhood/%v", s.Name, limit)
			c, ok := w.fragments[key]
			if !ok {
				if w.visiting == nil {
					w.visiting = map[string]bool{}
				}
				if w.visiting[key] {
					continue
				}
				w.visiting[key] = true
				c = w.neighbourhoodSet(s.Definition.SelectionSet, limit)
				delete(w.visiting, key)
				w.fragments[key] = c
			}
			add(c)
		}
	}
	return out
}
