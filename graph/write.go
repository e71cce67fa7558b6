package graph

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/graph/generated"
	"github.com/wtz-graph/kg/graph/loaders"
	"github.com/wtz-graph/kg/register"
	"github.com/wtz-graph/kg/seed"
	"github.com/wtz-graph/kg/store"
)

// exists reports which keys name nodes, for import planning.
func (r *Resolver) exists(ctx context.Context, keys []ecosystem.NodeKey) (map[ecosystem.NodeKey]bool, error) {
	return store.ExistsIn(r.Store)(ctx, keys)
}

// apply writes a change set and forgets what the request's loaders cached, so that the
// mutation's answer reads the new state.
func (r *Resolver) apply(ctx context.Context, cs store.ChangeSet) (store.ApplyResult, error) {
	res, err := r.Store.Apply(ctx, cs)
	if err == nil {
		l := loaders.For(ctx)
		l.Node.ClearAll()
		l.Relations.ClearAll()
	}
	return res, err
}

// inputDocument wraps one input, in the seed format's field names, as a document with one
// entry in the given list ("organisations", "relations", …), and plans it.
func (r *Resolver) inputDocument(ctx context.Context, list string, input any) (*seed.Dataset, error) {
	raw, err := json.Marshal(input)
	if err != nil {
		return nil, fmt.Errorf("encode input: %w", err)
	}
	doc, err := seed.Decode([]byte(fmt.Sprintf(`{%q: [%s]}`, list, raw)))
	if err != nil {
		return nil, badInput("input: %v", err)
	}
	return seed.PlanChecked(ctx, "input", doc, r.exists, r.placeCheck())
}

// writeEntity creates (create) or replaces (update) the one entity an input declares and
// returns it.
func writeEntity[T ecosystem.Node](ctx context.Context, r *Resolver, list string, input any, create bool) (T, error) {
	var zero T
	ds, err := r.inputDocument(ctx, list, input)
	if err != nil {
		return zero, err
	}
	if len(ds.Nodes) != 1 {
		return zero, badInput("the input declares %d entities, not one", len(ds.Nodes))
	}
	k := ds.Nodes[0].Key()
	cs := ds.ChangeSet()
	exists := func(err error) error {
		var problems *store.ConflictError
		switch {
		case errors.As(err, &problems):
			return err // a clash of values (an identifier another holds), not of the id
		case create && errors.Is(err, store.ErrConflict):
			return store.Conflictf("%s already exists; use update%s", k, k.Type.TypeName())
		case !create && errors.Is(err, store.ErrNotFound):
			return notFound("%s does not exist; use create%s", k, k.Type.TypeName())
		}
		return err
	}
	// The id's precondition is said first; names are checked against the others' then.
	found, err := r.exists(ctx, []ecosystem.NodeKey{k})
	switch {
	case err != nil:
		return zero, err
	case found[k] && create:
		return zero, exists(store.ErrConflict)
	case !found[k] && !create:
		return zero, exists(store.ErrNotFound)
	}
	if err := nameClashes(ctx, r.Store, cs); err != nil {
		return zero, err
	}
	// The store checks the precondition again inside its transaction: no race with another
	// writer.
	cs.Expect = []store.Expectation{{Key: k, Exists: !create}}
	if _, err := r.apply(ctx, cs); err != nil {
		return zero, exists(err)
	}
	return loadAs[T](ctx, k)
}

// nameClashes refuses a write of an entity whose name normalises like another stored entity's
// of its type, as the seed validator refuses two such entities in one dataset (CONFLICT).
func nameClashes(ctx context.Context, s store.Store, cs store.ChangeSet) error {
	problems, err := store.NameClashes(ctx, s, cs)
	if err != nil {
		return err
	}
	if len(problems) > 0 {
		return &store.ConflictError{Problems: problems}
	}
	return nil
}

// addRelation writes a relation, joining the citations of the relation it may replace.
func (r *Resolver) addRelation(ctx context.Context, input generated.RelationInput) (*ecosystem.Relation, error) {
	ds, err := r.inputDocument(ctx, "relations", input)
	if err != nil {
		return nil, err
	}
	rel := ds.Relations[0]
	// Joined inside the store's transaction, so concurrent writers keep each other's citations.
	if _, err := r.apply(ctx, store.ChangeSet{JoinRelations: []*ecosystem.Relation{rel}}); err != nil {
		return nil, err
	}
	got, err := r.Store.RelationsByID(ctx, []string{rel.ID})
	if err != nil {
		return nil, err
	}
	if got[0] == nil {
		return nil, fmt.Errorf("relation %s vanished after writing", rel.ID)
	}
	return got[0], nil
}

// exactKey reads the id of an entity a destructive write acts on. Unlike reads, it refuses an
// id that only redirects to a survivor: deleting or merging away a merged id must not act on
// the survivor.
func (r *Resolver) exactKey(ctx context.Context, id string) (ecosystem.NodeKey, error) {
	k, err := resolveKey(ctx, id)
	if err != nil {
		return k, err
	}
	asked := k
	if strings.Contains(id, ":") {
		if asked, err = ecosystem.ParseGlobalID(id); err != nil {
			return k, badInput("%v", err)
		}
	} else if k.Slug != id {
		asked = ecosystem.NodeKey{Type: k.Type, Slug: id}
	}
	if asked != k {
		return k, badInput("%s was merged into %s; act on that id", asked, k)
	}
	return k, nil
}

// importDocument checks a document and, unless it has problems or dryRun is set, merges it into
// the graph (seed.PlanMerge), or with replace puts its entities and relations whole.
func (r *Resolver) importDocument(ctx context.Context, document string, dryRun, replace bool) (*generated.ImportResult, error) {
	doc, err := seed.Decode([]byte(document))
	if err != nil {
		out := &generated.ImportResult{DryRun: dryRun, Problems: []*store.Problem{}, Result: &store.ApplyResult{}, Changes: []*generated.FieldChange{}}
		out.Problems = append(out.Problems, &store.Problem{Path: "document", Message: err.Error()})
		return out, nil
	}
	return r.importDoc(ctx, "import", doc, dryRun, replace)
}

// importRegister reads a register through its mapping into a document (register.Planner) and
// imports it as importDocument does.
func (r *Resolver) importRegister(ctx context.Context, content string, isBase64 bool, mapping string, dryRun bool) (*generated.RegisterImportResult, error) {
	if len(content)+len(mapping) > MaxImportBytes {
		return nil, badInput("the register is larger than %d bytes; import it with the command line (server register import)", MaxImportBytes)
	}
	data := []byte(content)
	if isBase64 {
		var err error
		if data, err = base64.StdEncoding.DecodeString(content); err != nil {
			return nil, badInput("content is not base64")
		}
	}
	m, err := register.ParseMapping([]byte(mapping))
	if err != nil {
		return nil, badInput("mapping: %s", ownText(clip(err.Error(), 2000)))
	}
	table, err := register.Read(data, m.Format, m.Columns.Names())
	if err != nil {
		return nil, badInput("content: %s", ownText(clip(err.Error(), 500)))
	}
	doc, rep, err := (&register.Planner{Store: r.Store, Gazetteer: r.gazetteer(), Mapping: m}).Plan(ctx, table)
	if err != nil {
		return nil, err
	}
	res, err := r.importDoc(ctx, "register", doc, dryRun, false)
	if err != nil {
		return nil, err
	}
	out := &generated.RegisterImportResult{Rows: rep.Rows, Matched: rep.Matched, New: rep.New, Skipped: rep.Skipped,
		RowProblems: make([]*register.Problem, len(rep.Problems)), Ambiguous: make([]*register.Ambiguity, len(rep.Ambiguous)), Import: res}
	for i := range rep.Problems {
		out.RowProblems[i] = &rep.Problems[i]
	}
	for i := range rep.Ambiguous {
		out.Ambiguous[i] = &rep.Ambiguous[i]
	}
	return out, nil
}

// importDoc checks a document and, unless it has problems or dryRun is set, merges it into the
// graph, or with replace puts its entities and relations whole.
func (r *Resolver) importDoc(ctx context.Context, name string, doc *seed.Document, dryRun, replace bool) (*generated.ImportResult, error) {
	out := &generated.ImportResult{DryRun: dryRun, Problems: []*store.Problem{}, Result: &store.ApplyResult{}, Changes: []*generated.FieldChange{}}
	ds, err := seed.PlanChecked(ctx, name, doc, r.exists, r.placeCheck())
	var invalid *store.ValidationError
	switch {
	case errors.As(err, &invalid):
		for i := range invalid.Problems {
			out.Problems = append(out.Problems, &invalid.Problems[i])
		}
		return out, nil
	case err != nil:
		return nil, err
	}
	cs := ds.ChangeSet()
	var planned *store.ApplyResult
	if !replace {
		plan, err := seed.PlanMerge(ctx, ds, r.Store)
		if err != nil {
			return nil, err
		}
		cs = plan.ChangeSet
		planned = &store.ApplyResult{NodesCreated: plan.NodesCreated, NodesUpdated: plan.NodesUpdated,
			RelationsCreated: plan.RelationsCreated, RelationsUpdated: plan.RelationsUpdated}
		for _, c := range plan.Changes {
			out.Changes = append(out.Changes, fieldChange(c))
		}
	}
	clashes, err := store.NameClashes(ctx, r.Store, cs)
	if err != nil {
		return nil, err
	}
	if len(clashes) > 0 {
		for i := range clashes {
			out.Problems = append(out.Problems, &clashes[i])
		}
		return out, nil
	}
	if dryRun {
		res := planned
		if res == nil {
			if res, err = r.predict(ctx, cs); err != nil {
				return nil, err
			}
		}
		out.Valid, out.Result = true, res
		return out, nil
	}
	if len(cs.PutNodes) == 0 && len(cs.PutRelations) == 0 {
		// Everything is already as the document says: nothing is written.
		out.Valid = true
		return out, nil
	}
	res, err := r.apply(ctx, cs)
	if errors.As(err, &invalid) {
		for i := range invalid.Problems {
			out.Problems = append(out.Problems, &invalid.Problems[i])
		}
		return out, nil
	}
	if err != nil {
		return nil, err
	}
	out.Valid, out.Result = true, &res
	return out, nil
}

// fieldChange is the GraphQL form of a change an import makes.
func fieldChange(c seed.FieldChange) *generated.FieldChange {
	out := &generated.FieldChange{Field: c.Field, New: c.New, Sources: c.Sources}
	if out.Sources == nil {
		out.Sources = []string{}
	}
	if c.Relation != "" {
		out.Relation = &c.Relation
	} else {
		id := c.Node.GlobalID()
		out.Entity = &id
	}
	if c.Old != "" {
		out.Old = &c.Old
	}
	return out
}

// predict says what applying a change set of puts would create and update.
func (r *Resolver) predict(ctx context.Context, cs store.ChangeSet) (*store.ApplyResult, error) {
	keys := make([]ecosystem.NodeKey, len(cs.PutNodes))
	for i, n := range cs.PutNodes {
		keys[i] = n.Key()
	}
	found, err := r.exists(ctx, keys)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(cs.PutRelations))
	for i, rel := range cs.PutRelations {
		ids[i] = rel.ID
	}
	rels, err := r.Store.RelationsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	res := &store.ApplyResult{}
	for _, k := range keys {
		if found[k] {
			res.NodesUpdated++
		} else {
			res.NodesCreated++
		}
	}
	for _, rel := range rels {
		if rel != nil {
			res.RelationsUpdated++
		} else {
			res.RelationsCreated++
		}
	}
	return res, nil
}

// placeCheck checks written places against the gazetteer: an existing TERYT code, a point in
// Poland near its unit.
func (r *Resolver) placeCheck() seed.PlaceCheck { return seed.GazetteerCheck(r.gazetteer()) }
