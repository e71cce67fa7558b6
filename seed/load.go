package seed

import (
	"bytes"
	"context"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/gazetteer"
	"github.com/wtz-graph/kg/store"
)

//go:embed data/*.json
var embedded embed.FS

// File is a named seed document.
type File struct {
	Name string
	Doc  Document
}

// Embedded returns the curated seed files built into the binary.
func Embedded() ([]File, error) { return ReadFS(embedded, "data") }

// LoadEmbedded reads, merges and validates the built-in seed files.
func LoadEmbedded() (*Dataset, error) {
	files, err := Embedded()
	if err != nil {
		return nil, err
	}
	return Build(files)
}

// ReadFS reads every *.json file of dir in fsys, in name order, strictly: unknown fields and
// trailing data are errors. All files are read before it reports, so every broken file is named.
func ReadFS(fsys fs.FS, dir string) ([]File, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("list seed files: %w", err)
	}
	sort.Strings(names)
	var p store.Problems
	files := make([]File, 0, len(names))
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read seed file %s: %w", name, err)
		}
		doc, err := Decode(data)
		if err != nil {
			p.Add(name, "", "%v", err)
			continue
		}
		files = append(files, File{Name: name, Doc: *doc})
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return files, nil
}

// Decode parses one seed document strictly. Syntax errors name the line and column.
func Decode(data []byte) (*Document, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var doc Document
	if err := dec.Decode(&doc); err != nil {
		return nil, describeJSONError(data, err)
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("unexpected data after the document")
	}
	return &doc, nil
}

// describeJSONError says what is wrong with a document in the JSON terms of the seed format:
// never Go's type names or the names of embedded Go structs.
func describeJSONError(data []byte, err error) error {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		line, col := lineCol(data, syn.Offset)
		return fmt.Errorf("line %d, column %d: %v", line, col, syn)
	case errors.As(err, &typ):
		line, col := lineCol(data, typ.Offset)
		var path []string
		for _, part := range strings.Split(typ.Field, ".") {
			if part != "" && !unicode.IsUpper(rune(part[0])) { // embedded structs are Go's, not the format's
				path = append(path, part)
			}
		}
		what := "the document"
		if len(path) > 0 {
			what = "field " + strings.Join(path, ".")
		}
		return fmt.Errorf("line %d, column %d: %s must be %s, not %s", line, col, what, jsonKind(typ.Type), jsonValueKind(typ.Value))
	}
	if name, ok := strings.CutPrefix(err.Error(), "json: unknown field "); ok {
		if len(name) > 60 {
			name = name[:60] + "…"
		}
		return fmt.Errorf("unknown field %s", name)
	}
	return err
}

// jsonKind names the JSON kind a Go type decodes from.
func jsonKind(t reflect.Type) string {
	if t == nil {
		return "another kind of value"
	}
	switch t.Kind() {
	case reflect.Slice, reflect.Array:
		return "a list"
	case reflect.Struct, reflect.Map:
		return "an object"
	case reflect.String:
		return "a string"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "another kind of value"
}

// jsonValueKind names the kind encoding/json reports for a value it could not decode.
func jsonValueKind(v string) string {
	switch {
	case v == "array":
		return "a list"
	case v == "object":
		return "an object"
	case v == "string":
		return "a string"
	case v == "bool":
		return "true or false"
	case v == "number", strings.HasPrefix(v, "number"):
		return "a number"
	}
	return "another kind of value"
}

func lineCol(data []byte, offset int64) (int, int) {
	if offset > int64(len(data)) {
		offset = int64(len(data))
	}
	before := data[:offset]
	line := bytes.Count(before, []byte("\n")) + 1
	col := int(offset) - bytes.LastIndexByte(before, '\n')
	return line, col
}

// Build converts, merges and validates seed files into a dataset. An entity declared in several
// files becomes one node whose citations and aliases add up; declarations must not contradict
// each other. Every problem of every file is reported at once, each naming the file, the entity
// and the field.
func Build(files []File) (*Dataset, error) {
	return build(context.Background(), files, nil, nil)
}

// Plan checks a document for import into a store, like Build, except that references to
// entities the document does not declare are looked up in the store through exists. It returns
// the dataset to apply, or every problem with its path in the document.
func Plan(ctx context.Context, name string, doc *Document, exists store.ExistsFunc) (*Dataset, error) {
	return build(ctx, []File{{Name: name, Doc: *doc}}, exists, nil)
}

// PlaceCheck checks a place against reference data (the gazetteer): its TERYT code exists and
// its point lies in Poland near that unit. It returns the problems with Field set.
type PlaceCheck func(p *ecosystem.Place) []store.Problem

// GazetteerCheck is the PlaceCheck of a gazetteer (gazetteer.CheckPlace).
func GazetteerCheck(g *gazetteer.Gazetteer) PlaceCheck {
	return func(p *ecosystem.Place) []store.Problem {
		var out []store.Problem
		for _, fp := range g.CheckPlace(p) {
			out = append(out, store.Problem{Field: fp.Field, Message: fp.Message})
		}
		return out
	}
}

// PlanChecked is Plan with every declared place also checked by check.
func PlanChecked(ctx context.Context, name string, doc *Document, exists store.ExistsFunc, check PlaceCheck) (*Dataset, error) {
	return build(ctx, []File{{Name: name, Doc: *doc}}, exists, check)
}

// reference is a key a declaration refers to, to be found among the declarations or else in the
// store.
type reference struct {
	path, field string
	key         ecosystem.NodeKey
}

func build(ctx context.Context, files []File, external store.ExistsFunc, checkPlace PlaceCheck) (*Dataset, error) {
	var p store.Problems
	var refs []reference
	nodes := map[ecosystem.NodeKey]*entry{}
	var order []ecosystem.NodeKey
	rels := map[string]*relEntry{}
	var relOrder []string

	for _, f := range files {
		c := &converter{file: f.Name, doc: &f.Doc, p: &p}
		c.convert()
		inFile := map[ecosystem.NodeKey]bool{}
		for _, e := range c.entries {
			k := e.node.Key()
			if inFile[k] {
				p.Add(e.path, "id", "%s is declared twice in this file", k)
				continue
			}
			inFile[k] = true
			first, ok := nodes[k]
			if !ok {
				e := e
				nodes[k] = &e
				order = append(order, k)
				continue
			}
			for _, field := range merge(first.node, e.node) {
				p.Add(e.path, field, "contradicts the declaration in %s", first.path)
			}
		}
		for _, r := range c.rels {
			first, ok := rels[r.rel.ID]
			if !ok {
				r := r
				rels[r.rel.ID] = &r
				relOrder = append(relOrder, r.rel.ID)
				continue
			}
			for _, field := range merge(first.rel, r.rel) {
				p.Add(r.path, field, "contradicts the same relation in %s", first.path)
			}
		}
	}

	ds := &Dataset{}
	names := map[string][]*entry{} // type + normalised name → the entries that hold it
	for _, k := range order {
		e := nodes[k]
		for _, pr := range store.CheckNode(e.node) {
			p.Add(e.path, pr.Field, "%s", pr.Message)
		}
		if pl, ok := e.node.(*ecosystem.Place); ok && checkPlace != nil {
			for _, pr := range checkPlace(pl) {
				p.Add(e.path, pr.Field, "%s", pr.Message)
			}
		}
		refs = citationRefs(refs, e.path, "cite", e.node.Common().Sources)
		for _, v := range ecosystem.CitedValues(e.node) {
			refs = citationRefs(refs, e.path, v.Field+".cite", v.Sources)
		}
		if s, ok := e.node.(*ecosystem.Source); ok && s.Publisher != "" {
			refs = append(refs, reference{e.path, "publisher", ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: s.Publisher}})
		}
	clash:
		for _, key := range store.NameKeys(e.node) {
			for _, other := range names[key] {
				// Two organisations of one name with different identifiers of a scheme are
				// two organisations (store.Distinct).
				if other.path != e.path && !store.Distinct(e.node, other.node) {
					p.Add(e.path, "name", "has the same normalised name as %s: one entity must have one id", other.path)
					break clash
				}
			}
		}
		for _, key := range store.NameKeys(e.node) {
			names[key] = append(names[key], e)
		}
		ds.Nodes = append(ds.Nodes, e.node)
	}
	for _, id := range relOrder {
		r := rels[id]
		for _, pr := range store.CheckRelation(r.rel) {
			p.Add(r.path, pr.Field, "%s", pr.Message)
		}
		refs = append(refs, reference{r.path, "from", r.rel.From}, reference{r.path, "to", r.rel.To})
		refs = citationRefs(refs, r.path, "cite", r.rel.Sources)
		ds.Relations = append(ds.Relations, r.rel)
	}
	if err := checkRefs(ctx, &p, refs, nodes, external); err != nil {
		return nil, err
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	return ds, nil
}

func citationRefs(refs []reference, path, field string, cs []ecosystem.Citation) []reference {
	for i, c := range cs {
		if c.Source != "" {
			refs = append(refs, reference{path, fmt.Sprintf("%s[%d].source", field, i), ecosystem.NodeKey{Type: ecosystem.NodeSource, Slug: c.Source}})
		}
	}
	return refs
}

// checkRefs reports references that are neither declared nor, when external is given, in the
// store. It asks the store once, for every missing key together.
func checkRefs(ctx context.Context, p *store.Problems, refs []reference, nodes map[ecosystem.NodeKey]*entry, external store.ExistsFunc) error {
	var ask []ecosystem.NodeKey
	seen := map[ecosystem.NodeKey]bool{}
	for _, r := range refs {
		if _, ok := nodes[r.key]; !ok && !seen[r.key] && ecosystem.ValidateSlug(r.key.Slug) == nil {
			seen[r.key] = true
			ask = append(ask, r.key)
		}
	}
	found := map[ecosystem.NodeKey]bool{}
	if external != nil && len(ask) > 0 {
		var err error
		if found, err = external(ctx, ask); err != nil {
			return err
		}
	}
	for _, r := range refs {
		if _, ok := nodes[r.key]; ok || found[r.key] {
			continue
		}
		what := r.key.String()
		switch {
		case r.key.Type == ecosystem.NodeSource:
			what = fmt.Sprintf("source %q", r.key.Slug)
		case r.field == "publisher":
			what = fmt.Sprintf("organisation %q", r.key.Slug)
		}
		if external == nil {
			p.Add(r.path, r.field, "%s is not declared in any seed file", what)
		} else {
			p.Add(r.path, r.field, "%s is not declared in the document and does not exist in the graph", what)
		}
	}
	return nil
}

// ChangeSet turns the dataset into one change set that puts every node and relation.
func (d *Dataset) ChangeSet() store.ChangeSet {
	return store.ChangeSet{PutNodes: d.Nodes, PutRelations: d.Relations}
}

// merge folds a later declaration src into the first declaration dst (both pointers to the same
// struct type): list fields are unioned; other fields are taken from src when dst lacks them.
// It returns the names of the fields on which the two disagree.
func merge(dst, src any) []string {
	var conflicts []string
	mergeValue(reflect.ValueOf(dst).Elem(), reflect.ValueOf(src).Elem(), "", &conflicts)
	return conflicts
}

func mergeValue(dst, src reflect.Value, prefix string, conflicts *[]string) {
	t := dst.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		d, s := dst.Field(i), src.Field(i)
		name := prefix + lowerFirst(f.Name)
		switch {
		case f.Anonymous && f.Type.Kind() == reflect.Struct:
			mergeValue(d, s, prefix, conflicts)
		case f.Type.Kind() == reflect.Slice:
			for j := range s.Len() {
				item := s.Index(j)
				if !containsValue(d, item) {
					d.Set(reflect.Append(d, item))
				}
			}
		case s.IsZero():
		case d.IsZero():
			d.Set(s)
		case !reflect.DeepEqual(d.Interface(), s.Interface()):
			*conflicts = append(*conflicts, name)
		}
	}
}

func containsValue(list, item reflect.Value) bool {
	for i := range list.Len() {
		if reflect.DeepEqual(list.Index(i).Interface(), item.Interface()) {
			return true
		}
	}
	return false
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	if strings.ToUpper(s) == s { // ID, URL, TERC, SIMC
		return strings.ToLower(s)
	}
	r[0] = unicode.ToLower(r[0])
	return string(r)
}

// Sorted returns the keys of the dataset's nodes in global-ID order (for reports and tests).
func (d *Dataset) Sorted() []ecosystem.NodeKey {
	keys := make([]ecosystem.NodeKey, len(d.Nodes))
	for i, n := range d.Nodes {
		keys[i] = n.Key()
	}
	slices.SortFunc(keys, func(a, b ecosystem.NodeKey) int { return strings.Compare(a.GlobalID(), b.GlobalID()) })
	return keys
}
