package store

import (
	"context"
	"fmt"
	"slices"

	"github.com/wtz-graph/kg/ecosystem"
)

// ExistsFunc reports which of the given keys exist in a store before a change is applied.
type ExistsFunc func(ctx context.Context, keys []ecosystem.NodeKey) (map[ecosystem.NodeKey]bool, error)

// ExistsIn is the ExistsFunc of what a store holds. A merged id resolves to its survivor: it
// does not exist as itself.
func ExistsIn(s interface {
	Nodes(ctx context.Context, keys []ecosystem.NodeKey) ([]ecosystem.Node, error)
}) ExistsFunc {
	return func(ctx context.Context, keys []ecosystem.NodeKey) (map[ecosystem.NodeKey]bool, error) {
		nodes, err := s.Nodes(ctx, keys)
		if err != nil {
			return nil, err
		}
		found := make(map[ecosystem.NodeKey]bool, len(keys))
		for i, n := range nodes {
			if n != nil && n.Key() == keys[i] {
				found[keys[i]] = true
			}
		}
		return found, nil
	}
}

// ValidateChangeSet checks a change set the way every backend must before applying it: each node
// and relation on its own (CheckNode, CheckRelation), then that every relation end and every
// cited source exists once the change set is applied. It reports every problem at once, each
// with a path into the change set. It returns ErrInvalid wrapped in a *ValidationError.
func ValidateChangeSet(ctx context.Context, cs ChangeSet, exists ExistsFunc) error {
	var p Problems
	put := make(map[ecosystem.NodeKey]bool, len(cs.PutNodes))
	for i, n := range cs.PutNodes {
		if n == nil {
			p.Add(fmt.Sprintf("putNodes[%d]", i), "", "missing node")
			continue
		}
		path := fmt.Sprintf("putNodes[%d] (%s)", i, n.Key())
		if put[n.Key()] {
			p.Add(path, "id", "the change set puts %s twice", n.Key())
		}
		put[n.Key()] = true
		for _, pr := range CheckNode(n) {
			p.Add(path, pr.Field, "%s", pr.Message)
		}
	}
	deleted := make(map[ecosystem.NodeKey]bool, len(cs.DeleteNodes))
	for _, k := range cs.DeleteNodes {
		deleted[k] = true
	}
	relIDs := make(map[string]bool, len(cs.PutRelations))
	for i, r := range cs.JoinRelations {
		if r == nil {
			p.Add(fmt.Sprintf("joinRelations[%d]", i), "", "missing relation")
			continue
		}
		for _, pr := range CheckRelation(r) {
			p.Add(fmt.Sprintf("joinRelations[%d] (%s %s → %s)", i, r.Type, r.From, r.To), pr.Field, "%s", pr.Message)
		}
	}
	for i, r := range cs.PutRelations {
		if r == nil {
			p.Add(fmt.Sprintf("putRelations[%d]", i), "", "missing relation")
			continue
		}
		path := fmt.Sprintf("putRelations[%d] (%s %s → %s)", i, r.Type, r.From, r.To)
		if relIDs[r.ID] {
			p.Add(path, "id", "the change set puts this relation twice")
		}
		relIDs[r.ID] = true
		for _, pr := range CheckRelation(r) {
			p.Add(path, pr.Field, "%s", pr.Message)
		}
	}

	merged := map[ecosystem.NodeKey]bool{}
	survivors := map[ecosystem.NodeKey]bool{}
	for i, m := range cs.Merges {
		path := fmt.Sprintf("merges[%d] (%s into %s)", i, m.Merged, m.Survivor)
		switch {
		case m.Survivor == m.Merged:
			p.Add(path, "merged", "a node cannot be merged into itself")
		case m.Survivor.Type != m.Merged.Type:
			p.Add(path, "merged", "only nodes of the same type merge (%s and %s)", m.Survivor.Type.TypeName(), m.Merged.Type.TypeName())
		case merged[m.Merged]:
			p.Add(path, "merged", "%s is merged twice", m.Merged)
		case merged[m.Survivor] || survivors[m.Merged]:
			p.Add(path, "survivor", "merges must not chain within one change set")
		case put[m.Merged]:
			p.Add(path, "merged", "the change set also puts %s, which the merge removes", m.Merged)
		case m.Merged.Type == ecosystem.NodeSource:
			p.Add(path, "merged", "sources do not merge: facts cite them by id")
		}
		merged[m.Merged] = true
		survivors[m.Survivor] = true
	}
	for i, r := range cs.PutRelations {
		if r != nil && (merged[r.From] || merged[r.To]) {
			p.Add(fmt.Sprintf("putRelations[%d] (%s %s → %s)", i, r.Type, r.From, r.To), "from", "an end is merged away by this change set")
		}
	}

	// Every key referenced by a relation end, a citation or a merge must exist afterwards.
	var refs []ecosystem.NodeKey
	seen := map[ecosystem.NodeKey]bool{}
	ref := func(k ecosystem.NodeKey) {
		if !seen[k] && !put[k] {
			seen[k] = true
			refs = append(refs, k)
		}
	}
	for _, r := range slices.Concat(cs.PutRelations, cs.JoinRelations) {
		if r == nil {
			continue
		}
		ref(r.From)
		ref(r.To)
		for _, c := range r.Sources {
			ref(ecosystem.NodeKey{Type: ecosystem.NodeSource, Slug: c.Source})
		}
	}
	for _, e := range cs.Expect {
		if !seen[e.Key] {
			seen[e.Key] = true
			refs = append(refs, e.Key) // asked even when put, to see what existed before
		}
	}
	for _, n := range cs.PutNodes {
		if n == nil {
			continue
		}
		for _, c := range n.Common().Sources {
			ref(ecosystem.NodeKey{Type: ecosystem.NodeSource, Slug: c.Source})
		}
		for _, v := range ecosystem.CitedValues(n) {
			for _, c := range v.Sources {
				ref(ecosystem.NodeKey{Type: ecosystem.NodeSource, Slug: c.Source})
			}
		}
	}
	for _, m := range cs.Merges {
		ref(m.Survivor)
		ref(m.Merged)
	}
	found := map[ecosystem.NodeKey]bool{}
	if len(refs) > 0 {
		var err error
		if found, err = exists(ctx, refs); err != nil {
			return err
		}
	}
	for _, e := range cs.Expect {
		switch {
		case e.Exists && !found[e.Key]:
			return NotFoundf("%s does not exist", e.Key)
		case !e.Exists && found[e.Key]:
			return Conflictf("%s already exists", e.Key)
		}
	}
	present := func(k ecosystem.NodeKey) bool { return put[k] || (found[k] && !deleted[k]) }
	for i, r := range slices.Concat(cs.PutRelations, cs.JoinRelations) {
		if r == nil {
			continue
		}
		path := fmt.Sprintf("putRelations[%d] (%s %s → %s)", i, r.Type, r.From, r.To)
		if i >= len(cs.PutRelations) {
			path = fmt.Sprintf("joinRelations[%d] (%s %s → %s)", i-len(cs.PutRelations), r.Type, r.From, r.To)
		}
		if !present(r.From) {
			p.Add(path, "from", "%s does not exist", r.From)
		}
		if !present(r.To) {
			p.Add(path, "to", "%s does not exist", r.To)
		}
		for j, c := range r.Sources {
			if !present(ecosystem.NodeKey{Type: ecosystem.NodeSource, Slug: c.Source}) {
				p.Add(path, fmt.Sprintf("sources[%d].source", j), "source %q does not exist", c.Source)
			}
		}
	}
	for i, m := range cs.Merges {
		path := fmt.Sprintf("merges[%d] (%s into %s)", i, m.Merged, m.Survivor)
		if !present(m.Survivor) {
			p.Add(path, "survivor", "%s does not exist", m.Survivor)
		}
		if !(found[m.Merged] && !deleted[m.Merged]) {
			p.Add(path, "merged", "%s does not exist", m.Merged)
		}
	}
	for i, n := range cs.PutNodes {
		if n == nil {
			continue
		}
		for j, c := range n.Common().Sources {
			if !present(ecosystem.NodeKey{Type: ecosystem.NodeSource, Slug: c.Source}) {
				p.Add(fmt.Sprintf("putNodes[%d] (%s)", i, n.Key()), fmt.Sprintf("sources[%d].source", j), "source %q does not exist", c.Source)
			}
		}
		for _, v := range ecosystem.CitedValues(n) {
			for j, c := range v.Sources {
				if !present(ecosystem.NodeKey{Type: ecosystem.NodeSource, Slug: c.Source}) {
					p.Add(fmt.Sprintf("putNodes[%d] (%s)", i, n.Key()), fmt.Sprintf("%s.sources[%d].source", v.Field, j), "source %q does not exist", c.Source)
				}
			}
		}
	}
	return p.Err()
}
