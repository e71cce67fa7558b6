package ingest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/seed"
	"github.com/wtz-graph/kg/store"
)

// Action is what an editor decides for one entity of a proposal.
type Action string

// Actions.
const (
	Keep   Action = "KEEP"   // as proposed
	Reject Action = "REJECT" // not an entity of the graph: it and its relations are dropped
	LinkTo Action = "LINK"   // it is this existing node: the proposal's id is replaced by To
)

// Decision is an editor's decision on the entity the proposal calls ID.
type Decision struct {
	ID     ecosystem.NodeKey
	Action Action
	To     ecosystem.NodeKey
	// Name, for KEEP, renames a new entity.
	Name string
}

// Revise applies an editor's decisions to a proposal's document: rejected entities are
// dropped with their relations; an entity linked to an existing node is declared as the graph
// holds it, with the proposal's citations, and its relations point to it.
func Revise(ctx context.Context, s store.Store, doc *seed.Document, decisions []Decision) error {
	rename := map[string]string{}
	drop := map[string]bool{}
	names := map[string]string{}
	var links []ecosystem.NodeKey
	for _, d := range decisions {
		switch d.Action {
		case Keep:
			if d.Name != "" {
				n := strings.Join(strings.Fields(d.Name), " ")
				if n == "" || utf8.RuneCountInString(n) > 300 {
					return store.Invalidf("%s: a name has 1 to 300 characters", d.ID)
				}
				got, err := s.Nodes(ctx, []ecosystem.NodeKey{d.ID})
				if err != nil {
					return err
				}
				if got[0] != nil {
					return store.Invalidf("%s is in the graph: rename it there, not in a proposal", d.ID)
				}
				names[d.ID.GlobalID()] = n
			}
		case Reject:
			drop[d.ID.GlobalID()] = true
		case LinkTo:
			if d.To.Type != d.ID.Type {
				return store.Invalidf("%s cannot be linked to %s: another type", d.ID, d.To)
			}
			rename[d.ID.GlobalID()] = d.To.GlobalID()
			links = append(links, d.To)
		default:
			return store.Invalidf("unknown action %q", d.Action)
		}
	}
	nodes, err := s.Nodes(ctx, links)
	if err != nil {
		return err
	}
	existing := map[string]ecosystem.Node{}
	for i, n := range nodes {
		if n == nil {
			return store.Invalidf("%s is not in the graph", links[i])
		}
		existing[n.Key().GlobalID()] = n
	}
	// The citations of each declaration, to carry over to the node it is linked to.
	cites := map[string][]seed.Cite{}
	keep := func(t ecosystem.NodeType, c seed.Common) bool {
		gid := ecosystem.NodeKey{Type: t, Slug: c.ID}.GlobalID()
		if drop[gid] {
			return false
		}
		if to, ok := rename[gid]; ok {
			cites[to] = append(cites[to], c.Cite...)
			return false
		}
		return true
	}
	doc.Organisations = slices.DeleteFunc(doc.Organisations, func(o seed.Organisation) bool { return !keep(ecosystem.NodeOrganisation, o.Common) })
	doc.People = slices.DeleteFunc(doc.People, func(o seed.Person) bool { return !keep(ecosystem.NodePerson, o.Common) })
	doc.Projects = slices.DeleteFunc(doc.Projects, func(o seed.Project) bool { return !keep(ecosystem.NodeProject, o.Common) })
	doc.Programmes = slices.DeleteFunc(doc.Programmes, func(o seed.Programme) bool { return !keep(ecosystem.NodeProgramme, o.Common) })
	doc.Events = slices.DeleteFunc(doc.Events, func(o seed.Event) bool { return !keep(ecosystem.NodeEvent, o.Common) })
	doc.Practices = slices.DeleteFunc(doc.Practices, func(o seed.Practice) bool { return !keep(ecosystem.NodePractice, o.Common) })
	doc.Places = slices.DeleteFunc(doc.Places, func(o seed.Place) bool { return !keep(ecosystem.NodePlace, o.Common) })
	for _, to := range slices.Sorted(func(yield func(string) bool) {
		for k := range cites {
			if !yield(k) {
				return
			}
		}
	}) {
		n := existing[to]
		if declared(doc, n.Key()) {
			addCites(doc, n.Key(), cites[to])
			continue
		}
		declareExisting(doc, n, seed.Common{ID: n.Key().Slug, Cite: dedupeCites(cites[to])})
	}
	var rels []seed.Relation
	seen := map[string]bool{}
	for _, r := range doc.Relations {
		from, to := canonGID(r.From), canonGID(r.To)
		if drop[from] || drop[to] {
			continue
		}
		if n, ok := rename[from]; ok {
			from = n
		}
		if n, ok := rename[to]; ok {
			to = n
		}
		if from == to {
			continue
		}
		k := r.Type + "|" + from + "|" + to
		if seen[k] {
			continue
		}
		seen[k] = true
		r.From, r.To = from, to
		rels = append(rels, r)
	}
	doc.Relations = rels
	if len(names) > 0 {
		found := map[string]bool{}
		eachCommon(doc, func(t ecosystem.NodeType, c *seed.Common) {
			gid := ecosystem.NodeKey{Type: t, Slug: c.ID}.GlobalID()
			if n, ok := names[gid]; ok {
				c.Name, found[gid] = n, true
			}
		})
		for gid := range names {
			if !found[gid] {
				return store.Invalidf("%s is not an entity of the proposal", gid)
			}
		}
	}
	return nil
}

// declared reports whether the document declares k.
func declared(doc *seed.Document, k ecosystem.NodeKey) bool {
	found := false
	eachCommon(doc, func(t ecosystem.NodeType, c *seed.Common) {
		found = found || (t == k.Type && c.ID == k.Slug)
	})
	return found
}

func addCites(doc *seed.Document, k ecosystem.NodeKey, cs []seed.Cite) {
	eachCommon(doc, func(t ecosystem.NodeType, c *seed.Common) {
		if t == k.Type && c.ID == k.Slug {
			c.Cite = dedupeCites(append(c.Cite, cs...))
		}
	})
}

func dedupeCites(cs []seed.Cite) []seed.Cite {
	var out []seed.Cite
	for _, c := range cs {
		if !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// eachCommon calls f with every declaration of the document.
func eachCommon(doc *seed.Document, f func(ecosystem.NodeType, *seed.Common)) {
	for i := range doc.Organisations {
		f(ecosystem.NodeOrganisation, &doc.Organisations[i].Common)
	}
	for i := range doc.People {
		f(ecosystem.NodePerson, &doc.People[i].Common)
	}
	for i := range doc.Projects {
		f(ecosystem.NodeProject, &doc.Projects[i].Common)
	}
	for i := range doc.Programmes {
		f(ecosystem.NodeProgramme, &doc.Programmes[i].Common)
	}
	for i := range doc.Events {
		f(ecosystem.NodeEvent, &doc.Events[i].Common)
	}
	for i := range doc.Practices {
		f(ecosystem.NodePractice, &doc.Practices[i].Common)
	}
	for i := range doc.Places {
		f(ecosystem.NodePlace, &doc.Places[i].Common)
	}
}

// Retraction is what removing a source's facts changes.
type Retraction struct {
	NodesUpdated, NodesDeleted, RelationsUpdated, RelationsDeleted int
	ChangeSet                                                      store.ChangeSet
}

// ErrRollbackBlocked is returned when a rollback would take other sources' facts with it.
var ErrRollbackBlocked = errors.New("rollback blocked")

// Retract plans the removal of what an accepted document added under its source: the
// source's citations leave every entity it declared and every relation of those entities;
// relations no other source attests are deleted, entities the acceptance created (created)
// are deleted when no other source attests them, and so is the source. Merges made since are
// kept: a declared node merged into another is read as its survivor, which loses the citation.
// An entity to delete that has relations other sources attest blocks the rollback.
func Retract(ctx context.Context, s store.Store, doc *seed.Document, source string, created map[ecosystem.NodeKey]bool) (*Retraction, error) {
	var keys []ecosystem.NodeKey
	eachCommon(doc, func(t ecosystem.NodeType, c *seed.Common) {
		keys = append(keys, ecosystem.NodeKey{Type: t, Slug: c.ID})
	})
	nodes, err := s.Nodes(ctx, keys)
	if err != nil {
		return nil, err
	}
	out := &Retraction{}
	cites := func(cs []ecosystem.Citation) bool {
		return slices.ContainsFunc(cs, func(c ecosystem.Citation) bool { return c.Source == source })
	}
	seen := map[ecosystem.NodeKey]bool{}
	deleted := map[ecosystem.NodeKey]bool{}
	var live []ecosystem.NodeKey
	for i, n := range nodes {
		if n == nil || seen[n.Key()] {
			continue // deleted since, or a survivor already read
		}
		seen[n.Key()] = true
		live = append(live, n.Key())
		c := n.Common()
		rest := slices.DeleteFunc(slices.Clone(c.Sources), func(x ecosystem.Citation) bool { return x.Source == source })
		switch {
		case len(rest) == len(c.Sources):
		case len(rest) == 0 && (created[keys[i]] || created[n.Key()]):
			out.ChangeSet.DeleteNodes = append(out.ChangeSet.DeleteNodes, n.Key())
			deleted[n.Key()] = true
			out.NodesDeleted++
		case len(rest) == 0:
			return nil, fmt.Errorf("%w: %s existed before the article and no other source attests it now", ErrRollbackBlocked, n.Key())
		default:
			cp := ecosystem.CloneNode(n)
			cp.Common().Sources = rest
			out.ChangeSet.PutNodes = append(out.ChangeSet.PutNodes, cp)
			out.NodesUpdated++
		}
	}
	rels, err := s.Relations(ctx, live, store.RelationQuery{})
	if err != nil {
		return nil, err
	}
	done := map[string]bool{}
	for _, list := range rels {
		for _, r := range list {
			if done[r.ID] {
				continue
			}
			done[r.ID] = true
			gone := deleted[r.From] || deleted[r.To]
			if gone && slices.ContainsFunc(r.Sources, func(c ecosystem.Citation) bool { return c.Source != source }) {
				// Deleting the node would take another source's fact with it.
				return nil, fmt.Errorf("%w: %s has a relation (%s) that other sources attest; remove or re-cite it first", ErrRollbackBlocked, pick(deleted, r), r.ID)
			}
			if !cites(r.Sources) || gone {
				continue
			}
			rest := slices.DeleteFunc(slices.Clone(r.Sources), func(x ecosystem.Citation) bool { return x.Source == source })
			if len(rest) == 0 {
				out.ChangeSet.DeleteRelations = append(out.ChangeSet.DeleteRelations, r.ID)
				out.RelationsDeleted++
				continue
			}
			cp := r.Clone()
			cp.Sources = rest
			out.ChangeSet.PutRelations = append(out.ChangeSet.PutRelations, cp)
			out.RelationsUpdated++
		}
	}
	src := ecosystem.NodeKey{Type: ecosystem.NodeSource, Slug: source}
	if got, err := s.Nodes(ctx, []ecosystem.NodeKey{src}); err == nil && got[0] != nil {
		out.ChangeSet.DeleteNodes = append(out.ChangeSet.DeleteNodes, src)
	}
	return out, nil
}

// pick is the end of r that is to be deleted.
func pick(deleted map[ecosystem.NodeKey]bool, r *ecosystem.Relation) ecosystem.NodeKey {
	if deleted[r.From] {
		return r.From
	}
	return r.To
}

// String summarises a retraction.
func (r *Retraction) String() string {
	return fmt.Sprintf("%d entities and %d relations deleted, %d entities and %d relations lose the citation",
		r.NodesDeleted, r.RelationsDeleted, r.NodesUpdated, r.RelationsUpdated)
}

// EachDeclared calls f with the key of every entity a document declares.
func EachDeclared(doc *seed.Document, f func(ecosystem.NodeKey)) {
	eachCommon(doc, func(t ecosystem.NodeType, c *seed.Common) { f(ecosystem.NodeKey{Type: t, Slug: c.ID}) })
}
