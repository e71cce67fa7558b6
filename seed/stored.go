package seed

import (
	"context"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// An import merges into what the store holds; it never wipes what it does not mention. The
// rules, field by field, for a node or relation the store already has:
//
//   - the name stays; an imported name that differs becomes an alias;
//   - lists (aliases, citations, themes, statuses, …) are unioned: the import adds its items;
//   - a field the import leaves empty keeps the stored value;
//   - a field the store lacks takes the imported value;
//   - a field both have with different values takes the imported one — the import is the
//     newer statement of that fact — and the change is reported, old → new, with the sources
//     the import cites for it, so that a dry run shows it before anything is written.
//
// A node or relation that the merge leaves as it is stays out of the change set, so importing
// the same document twice writes nothing at all. An id merged into another resolves to its
// survivor: a re-import updates the survivor and never brings the merged duplicate back.
// Replacing whole nodes is the explicit mode (Dataset.ChangeSet).

// FieldChange is a stored value an import changes.
type FieldChange struct {
	// Node or Relation is what changes.
	Node     ecosystem.NodeKey
	Relation string
	Field    string
	Old, New string
	// Sources are the sources the import cites on the node or relation.
	Sources []string
}

func (c FieldChange) String() string {
	what := c.Node.String()
	if c.Relation != "" {
		what = "relation " + c.Relation
	}
	src := ""
	if len(c.Sources) > 0 {
		src = " (cited to " + strings.Join(c.Sources, ", ") + ")"
	}
	if c.Old == "" {
		return fmt.Sprintf("%s: %s: + %s%s", what, c.Field, c.New, src)
	}
	return fmt.Sprintf("%s: %s: %s → %s%s", what, c.Field, c.Old, c.New, src)
}

// MergePlan is a dataset planned against the store: the change set that merges it, what it
// creates, updates and leaves unchanged, and every stored value it changes.
type MergePlan struct {
	ChangeSet                                              store.ChangeSet
	NodesCreated, NodesUpdated, NodesUnchanged             int
	RelationsCreated, RelationsUpdated, RelationsUnchanged int
	// Redirected lists the declared ids that were merged into another node, with the survivor.
	Redirected map[ecosystem.NodeKey]ecosystem.NodeKey
	Changes    []FieldChange
}

// Empty reports whether the plan writes nothing.
func (p *MergePlan) Empty() bool {
	return len(p.ChangeSet.PutNodes) == 0 && len(p.ChangeSet.PutRelations) == 0
}

// StoredReader reads what a merge compares with.
type StoredReader interface {
	Nodes(ctx context.Context, keys []ecosystem.NodeKey) ([]ecosystem.Node, error)
	RelationsByID(ctx context.Context, ids []string) ([]*ecosystem.Relation, error)
}

// PlanMerge plans the import of a checked dataset as a merge into what s holds.
func PlanMerge(ctx context.Context, ds *Dataset, s StoredReader) (*MergePlan, error) {
	plan := &MergePlan{Redirected: map[ecosystem.NodeKey]ecosystem.NodeKey{}}
	keys := make([]ecosystem.NodeKey, len(ds.Nodes))
	for i, n := range ds.Nodes {
		keys[i] = n.Key()
	}
	stored, err := s.Nodes(ctx, keys)
	if err != nil {
		return nil, fmt.Errorf("read the stored nodes: %w", err)
	}
	// Relation ends may name nodes the document does not declare, merged ones among them.
	var ends []ecosystem.NodeKey
	declared := map[ecosystem.NodeKey]bool{}
	for _, k := range keys {
		declared[k] = true
	}
	for _, r := range ds.Relations {
		for _, k := range []ecosystem.NodeKey{r.From, r.To} {
			if !declared[k] {
				declared[k] = true
				ends = append(ends, k)
			}
		}
	}
	endNodes, err := s.Nodes(ctx, ends)
	if err != nil {
		return nil, fmt.Errorf("read the stored nodes: %w", err)
	}
	resolve := map[ecosystem.NodeKey]ecosystem.NodeKey{}
	allKeys := append(slices.Clone(keys), ends...)
	for i, n := range append(slices.Clone(stored), endNodes...) {
		if k := allKeys[i]; n != nil && n.Key() != k {
			resolve[k] = n.Key()
			plan.Redirected[k] = n.Key()
		}
	}
	survivor := func(k ecosystem.NodeKey) ecosystem.NodeKey {
		if to, ok := resolve[k]; ok {
			return to
		}
		return k
	}

	// Nodes: a declaration of a merged id merges into its survivor; two declarations that
	// land on one node merge with each other first.
	incoming := map[ecosystem.NodeKey]ecosystem.Node{}
	var order []ecosystem.NodeKey
	storedBy := map[ecosystem.NodeKey]ecosystem.Node{}
	for i, n := range ds.Nodes {
		c := ecosystem.CloneNode(n)
		k := survivor(n.Key())
		c.Common().Slug = k.Slug
		if stored[i] != nil {
			storedBy[k] = stored[i]
		}
		if prev, ok := incoming[k]; ok {
			mergeFields(prev, c, FieldChange{Node: k}, nil)
			continue
		}
		incoming[k] = c
		order = append(order, k)
	}
	for _, k := range order {
		in := incoming[k]
		old, ok := storedBy[k]
		if !ok {
			plan.ChangeSet.PutNodes = append(plan.ChangeSet.PutNodes, in)
			plan.NodesCreated++
			continue
		}
		merged := ecosystem.CloneNode(old)
		if o, isOrg := merged.(*ecosystem.Organisation); isOrg {
			o.Voivodeship = "" // derived on read
		}
		base := ecosystem.CloneNode(merged)
		var changes []FieldChange
		mergeFields(merged, in, FieldChange{Node: k, Sources: citationSources(in.Common().Sources)}, &changes)
		if reflect.DeepEqual(merged, base) {
			plan.NodesUnchanged++
			continue
		}
		plan.ChangeSet.PutNodes = append(plan.ChangeSet.PutNodes, merged)
		plan.NodesUpdated++
		plan.Changes = append(plan.Changes, changes...)
	}

	// Relations: ends follow merges, and the id follows its ends.
	rels := make([]*ecosystem.Relation, 0, len(ds.Relations))
	byID := map[string]*ecosystem.Relation{}
	for _, r := range ds.Relations {
		c := r.Clone()
		if from, to := survivor(r.From), survivor(r.To); from != r.From || to != r.To {
			c.From, c.To = from, to
			c.ID = ecosystem.RelationID(c.Type, from, to)
		}
		if prev, ok := byID[c.ID]; ok {
			mergeFields(prev, c, FieldChange{Relation: c.ID}, nil)
			continue
		}
		byID[c.ID] = c
		rels = append(rels, c)
	}
	ids := make([]string, len(rels))
	for i, r := range rels {
		ids[i] = r.ID
	}
	storedRels, err := s.RelationsByID(ctx, ids)
	if err != nil {
		return nil, fmt.Errorf("read the stored relations: %w", err)
	}
	for i, in := range rels {
		old := storedRels[i]
		if old == nil {
			plan.ChangeSet.PutRelations = append(plan.ChangeSet.PutRelations, in)
			plan.RelationsCreated++
			continue
		}
		merged := old.Clone()
		var changes []FieldChange
		mergeFields(merged, in, FieldChange{Relation: in.ID, Sources: citationSources(in.Sources)}, &changes)
		if reflect.DeepEqual(merged, old) {
			plan.RelationsUnchanged++
			continue
		}
		plan.ChangeSet.PutRelations = append(plan.ChangeSet.PutRelations, merged)
		plan.RelationsUpdated++
		plan.Changes = append(plan.Changes, changes...)
	}
	return plan, nil
}

func citationSources(cs []ecosystem.Citation) []string {
	var out []string
	for _, c := range cs {
		if c.Source != "" && !slices.Contains(out, c.Source) {
			out = append(out, c.Source)
		}
	}
	return out
}

// mergeFields merges src into dst (pointers to the same struct type) by the rules above,
// recording what changes in changes (when not nil) on the model of about.
func mergeFields(dst, src any, about FieldChange, changes *[]FieldChange) {
	mergeStruct(reflect.ValueOf(dst).Elem(), reflect.ValueOf(src).Elem(), about, changes)
}

func mergeStruct(d, s reflect.Value, about FieldChange, changes *[]FieldChange) {
	t := d.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		df, sf := d.Field(i), s.Field(i)
		record := func(old, new string) {
			if changes != nil {
				c := about
				c.Field, c.Old, c.New = lowerFirst(f.Name), old, new
				*changes = append(*changes, c)
			}
		}
		switch {
		case f.Anonymous && f.Type.Kind() == reflect.Struct:
			mergeStruct(df, sf, about, changes)
		case f.Name == "Slug" || f.Name == "ID" || f.Name == "Voivodeship" || f.Name == "Type" || f.Name == "From" || f.Name == "To":
			// Identity, and what the store derives.
		case f.Name == "Name" && t.Name() == "Entity":
			if sf.String() != "" && sf.String() != df.String() {
				aliases := d.FieldByName("Aliases")
				if !containsValue(aliases, sf) {
					aliases.Set(reflect.Append(aliases, sf))
					if changes != nil {
						c := about
						c.Field, c.New = "aliases", sf.String()+" (the imported name; the stored name stays)"
						*changes = append(*changes, c)
					}
				}
			}
		case f.Type.Kind() == reflect.Slice:
			var added []string
			for j := range sf.Len() {
				item := sf.Index(j)
				if !containsValue(df, item) {
					df.Set(reflect.Append(df, item))
					added = append(added, show(item))
				}
			}
			if len(added) > 0 {
				record("", strings.Join(added, "; "))
			}
		case sf.IsZero():
		case df.IsZero():
			df.Set(sf)
			record("", show(sf))
		case !reflect.DeepEqual(df.Interface(), sf.Interface()):
			old := show(df)
			df.Set(sf)
			record(old, show(sf))
		}
	}
}

// show renders a value for a change report.
func show(v reflect.Value) string {
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return ""
		}
		v = v.Elem()
	}
	if s, ok := v.Interface().(fmt.Stringer); ok {
		return s.String()
	}
	if c, ok := v.Interface().(ecosystem.Citation); ok {
		if c.Locator != "" {
			return c.Source + " " + c.Locator
		}
		return c.Source
	}
	return fmt.Sprint(v.Interface())
}
