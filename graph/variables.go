package graph

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// checkVariables checks each variable value against its declared type as the GraphQL
// specification's input coercion says, before gqlparser coerces them (which accepts "5" for
// an Int, reports 1e20 as "cannot use value 0" and names Go's reflection kinds). Messages name
// the variable's path and the expected type, and never quote the value.
//
// Values come from JSON decoded with UseNumber: json.Number, string, bool, nil, []any and
// map[string]any. Types the schema does not know are left to validation.
func checkVariables(schema *ast.Schema, op *ast.OperationDefinition, vars map[string]any) *gqlerror.Error {
	if schema == nil {
		return nil
	}
	for _, def := range op.VariableDefinitions {
		v, ok := vars[def.Variable]
		if !ok {
			continue // a default applies, or validation reports the missing value
		}
		if msg := checkValue(schema, def.Type, v, "$"+def.Variable, 0); msg != "" {
			return &gqlerror.Error{
				Message:    msg,
				Path:       ast.Path{ast.PathName("variable"), ast.PathName(def.Variable)},
				Extensions: map[string]any{"code": CodeBadUserInput},
			}
		}
	}
	return nil
}

// maxValueDepth bounds the nesting of a variable value, so that the check stays cheap.
const maxValueDepth = 32

func checkValue(schema *ast.Schema, t *ast.Type, v any, path string, depth int) string {
	if depth > maxValueDepth {
		return fmt.Sprintf("%s nests too deep", path)
	}
	if v == nil {
		if t.NonNull {
			return fmt.Sprintf("%s must not be null (%s)", path, t.String())
		}
		return ""
	}
	if t.Elem != nil {
		list, ok := v.([]any)
		if !ok {
			// A single value stands for a list of one.
			return checkValue(schema, t.Elem, v, path+"[0]", depth+1)
		}
		for i, e := range list {
			if msg := checkValue(schema, t.Elem, e, fmt.Sprintf("%s[%d]", path, i), depth+1); msg != "" {
				return msg
			}
		}
		return ""
	}
	def := schema.Types[t.NamedType]
	if def == nil {
		return ""
	}
	switch def.Kind {
	case ast.Scalar:
		return checkScalar(def.Name, v, path)
	case ast.Enum:
		s, ok := v.(string)
		if !ok {
			return fmt.Sprintf("%s must be a %s: one of its values as a string, not %s", path, def.Name, kindOf(v))
		}
		if def.EnumValues.ForName(s) == nil {
			return fmt.Sprintf("%s is not a value of %s", path, def.Name)
		}
	case ast.InputObject:
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s must be %s %s (an object), not %s", path, article(def.Name), def.Name, kindOf(v))
		}
		for name := range obj {
			if def.Fields.ForName(name) == nil {
				return fmt.Sprintf("%s has a field %s does not have: %s", path, def.Name, clip(name, 40))
			}
		}
		for _, f := range def.Fields {
			fv, present := obj[f.Name]
			if !present {
				if f.Type.NonNull && f.DefaultValue == nil {
					return fmt.Sprintf("%s.%s is required (%s)", path, f.Name, f.Type.String())
				}
				continue
			}
			if msg := checkValue(schema, f.Type, fv, path+"."+f.Name, depth+1); msg != "" {
				return msg
			}
		}
	}
	return ""
}

func checkScalar(name string, v any, path string) string {
	switch name {
	case "Int":
		n, ok := v.(json.Number)
		if ok {
			if i, err := strconv.ParseInt(n.String(), 10, 32); err == nil && i == int64(int32(i)) {
				return ""
			}
			if f, err := n.Float64(); err == nil && f == math.Trunc(f) && f >= math.MinInt32 && f <= math.MaxInt32 {
				return "" // 1e2 is the whole number 100
			}
		}
		return fmt.Sprintf("%s must be an Int: a whole number from %d to %d, not %s", path, math.MinInt32, math.MaxInt32, numberKind(v))
	case "Float":
		if n, ok := v.(json.Number); ok {
			if f, err := n.Float64(); err == nil && !math.IsInf(f, 0) && !math.IsNaN(f) {
				return ""
			}
			return fmt.Sprintf("%s must be a finite Float", path)
		}
		return fmt.Sprintf("%s must be a Float (a JSON number), not %s", path, kindOf(v))
	case "String":
		if _, ok := v.(string); !ok {
			return fmt.Sprintf("%s must be a String, not %s", path, kindOf(v))
		}
	case "Boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Sprintf("%s must be a Boolean (true or false), not %s", path, kindOf(v))
		}
	case "ID":
		switch x := v.(type) {
		case string:
		case json.Number:
			if _, err := strconv.ParseInt(x.String(), 10, 64); err != nil {
				return fmt.Sprintf("%s must be an ID: a string or a whole number", path)
			}
		default:
			return fmt.Sprintf("%s must be an ID (a string), not %s", path, kindOf(v))
		}
	default:
		// The project's own scalars (PartialDate) are strings in JSON; their parsers check them.
		if _, ok := v.(string); !ok {
			return fmt.Sprintf("%s must be a %s (a string), not %s", path, name, kindOf(v))
		}
	}
	return ""
}

// kindOf names a JSON value's kind for messages.
func kindOf(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case json.Number, float64, int, int64:
		return "a number"
	case bool:
		return "true or false"
	case []any:
		return "a list"
	case map[string]any:
		return "an object"
	}
	return "this value"
}

// numberKind says what is wrong with a value given for an Int.
func numberKind(v any) string {
	n, ok := v.(json.Number)
	if !ok {
		return kindOf(v)
	}
	f, err := n.Float64()
	switch {
	case err != nil || math.IsInf(f, 0):
		return "a number out of range"
	case f != math.Trunc(f):
		return "a fraction"
	}
	return "a number out of range"
}

func article(name string) string {
	if name != "" && strings.ContainsRune("AEIOU", rune(name[0])) {
		return "an"
	}
	return "a"
}
