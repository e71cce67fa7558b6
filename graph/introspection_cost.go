package graph

import (
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
)

// introspectionField measures a __schema or __type field against the schema, as its answer
// would be: every list as long as the schema's, every field 1. The walk stops once the
// operation's budget (MaxCost) is spent, so that measuring costs no more than the limit allows.
func (w *costWalker) introspectionField(f *ast.Field) float64 {
	m := &introspectionMeter{schema: w.limits.schema, budget: float64(w.limits.MaxCost) + 1 - w.introspection}
	if m.schema == nil {
		return 1
	}
	m.spend(1)
	switch f.Name {
	case "__schema":
		m.schemaSet(f.SelectionSet)
	case "__type":
		name, _ := f.ArgumentMap(w.vars)["name"].(string)
		if def := m.schema.Types[name]; def != nil {
			m.typeSet(f.SelectionSet, typeRef{def: def})
		}
	}
	return m.cost
}

// introspectionMeter adds up the cost of an introspection answer within a budget.
type introspectionMeter struct {
	schema *ast.Schema
	budget float64
	cost   float64
}

// typeRef is a __Type: a named definition, or a LIST or NON_NULL wrapper of ofType.
type typeRef struct {
	def  *ast.Definition
	wrap *ast.Type
}

func (m *introspectionMeter) spend(n float64) bool {
	m.cost += n
	return m.cost <= m.budget
}

func (m *introspectionMeter) refOf(t *ast.Type) typeRef {
	if t == nil {
		return typeRef{}
	}
	if t.NonNull || t.Elem != nil {
		return typeRef{wrap: t}
	}
	return typeRef{def: m.schema.Types[t.NamedType]}
}

// fields lists the fields of a selection set with its fragments expanded; introspection
// selections apply to one type each, so type conditions do not matter.
func fields(set ast.SelectionSet, out []*ast.Field) []*ast.Field {
	for _, sel := range set {
		switch s := sel.(type) {
		case *ast.Field:
			out = append(out, s)
		case *ast.InlineFragment:
			out = fields(s.SelectionSet, out)
		case *ast.FragmentSpread:
			if s.Definition != nil {
				out = fields(s.Definition.SelectionSet, out)
			}
		}
	}
	return out
}

func (m *introspectionMeter) schemaSet(set ast.SelectionSet) {
	for _, f := range fields(set, nil) {
		if !m.spend(1) {
			return
		}
		switch f.Name {
		case "types":
			for _, def := range m.schema.Types {
				m.typeSet(f.SelectionSet, typeRef{def: def})
			}
		case "queryType":
			m.typeSet(f.SelectionSet, typeRef{def: m.schema.Query})
		case "mutationType":
			m.typeSet(f.SelectionSet, typeRef{def: m.schema.Mutation})
		case "subscriptionType":
			m.typeSet(f.SelectionSet, typeRef{def: m.schema.Subscription})
		case "directives":
			for _, d := range m.schema.Directives {
				m.directiveSet(f.SelectionSet, d)
			}
		}
	}
}

func (m *introspectionMeter) typeSet(set ast.SelectionSet, t typeRef) {
	if t.def == nil && t.wrap == nil {
		return // null
	}
	for _, f := range fields(set, nil) {
		if !m.spend(1) {
			return
		}
		if t.wrap != nil {
			if f.Name == "ofType" {
				inner := *t.wrap
				if inner.NonNull {
					inner.NonNull = false
					m.typeSet(f.SelectionSet, m.refOf(&inner))
				} else {
					m.typeSet(f.SelectionSet, m.refOf(inner.Elem))
				}
			}
			continue
		}
		def := t.def
		switch f.Name {
		case "fields":
			if def.Kind == ast.Object || def.Kind == ast.Interface {
				for _, fd := range def.Fields {
					if !strings.HasPrefix(fd.Name, "__") {
						m.fieldSet(f.SelectionSet, fd)
					}
				}
			}
		case "inputFields":
			if def.Kind == ast.InputObject {
				for _, fd := range def.Fields {
					m.inputValueSet(f.SelectionSet, fd.Type)
				}
			}
		case "interfaces":
			for _, name := range def.Interfaces {
				m.typeSet(f.SelectionSet, typeRef{def: m.schema.Types[name]})
			}
		case "possibleTypes":
			if def.Kind == ast.Interface || def.Kind == ast.Union {
				for _, p := range m.schema.GetPossibleTypes(def) {
					m.typeSet(f.SelectionSet, typeRef{def: p})
				}
			}
		case "enumValues":
			n := float64(len(fields(f.SelectionSet, nil)))
			if !m.spend(n * float64(len(def.EnumValues))) {
				return
			}
		}
	}
}

func (m *introspectionMeter) fieldSet(set ast.SelectionSet, fd *ast.FieldDefinition) {
	for _, f := range fields(set, nil) {
		if !m.spend(1) {
			return
		}
		switch f.Name {
		case "args":
			for _, a := range fd.Arguments {
				m.inputValueSet(f.SelectionSet, a.Type)
			}
		case "type":
			m.typeSet(f.SelectionSet, m.refOf(fd.Type))
		}
	}
}

func (m *introspectionMeter) inputValueSet(set ast.SelectionSet, t *ast.Type) {
	for _, f := range fields(set, nil) {
		if !m.spend(1) {
			return
		}
		if f.Name == "type" {
			m.typeSet(f.SelectionSet, m.refOf(t))
		}
	}
}

func (m *introspectionMeter) directiveSet(set ast.SelectionSet, d *ast.DirectiveDefinition) {
	for _, f := range fields(set, nil) {
		if !m.spend(1) {
			return
		}
		switch f.Name {
		case "args":
			for _, a := range d.Arguments {
				m.inputValueSet(f.SelectionSet, a.Type)
			}
		case "locations":
			m.spend(float64(len(d.Locations)))
		}
	}
}
