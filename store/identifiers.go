package store

import (
	"fmt"
	"slices"

	"github.com/wtz-graph/kg/ecosystem"
)

// An identifier (ecosystem.Identifier) belongs to one organisation: two organisations never share a
// scheme and value. Each backend enforces it inside Apply, atomically with the write, through
// IdentifierClashes.

// IdentifierKeys lists the identifier keys ("KRS:0000123456") the change set's organisations
// carry, for a backend to look up who holds them.
func IdentifierKeys(cs ChangeSet) []string {
	var out []string
	seen := map[string]bool{}
	for _, n := range cs.PutNodes {
		o, ok := n.(*ecosystem.Organisation)
		if !ok {
			continue
		}
		for _, id := range o.Identifiers {
			if k := id.Key(); !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	return out
}

// IdentifierClashes returns the conflict of a change set that gives an organisation an
// identifier another one holds: holders maps the keys of IdentifierKeys to the organisations
// that hold them in the store. Organisations the change set puts, deletes or merges away hold
// what the change set says. Two organisations of the change set with one identifier clash too.
func IdentifierClashes(cs ChangeSet, holders map[string]ecosystem.NodeKey) error {
	var p Problems
	going := map[ecosystem.NodeKey]bool{}
	for _, k := range cs.DeleteNodes {
		going[k] = true
	}
	for _, m := range cs.Merges {
		going[m.Merged] = true
	}
	writing := map[ecosystem.NodeKey]bool{}
	for _, n := range cs.PutNodes {
		writing[n.Key()] = true
	}
	claimed := map[string]ecosystem.NodeKey{}
	for i, n := range cs.PutNodes {
		o, ok := n.(*ecosystem.Organisation)
		if !ok {
			continue
		}
		for j, id := range o.Identifiers {
			k := id.Key()
			path, field := fmt.Sprintf("putNodes[%d] (%s)", i, n.Key()), fmt.Sprintf("identifiers[%d]", j)
			if other, ok := claimed[k]; ok && other != n.Key() {
				p.Add(path, field, "%s is also given to %s in this write; an identifier belongs to one organisation", k, other)
				continue
			}
			claimed[k] = n.Key()
			if h, ok := holders[k]; ok && h != n.Key() && !going[h] && !writing[h] {
				p.Add(path, field, "%s belongs to %s; an identifier belongs to one organisation (merge the two if they are one)", k, h)
			}
		}
	}
	if p.Len() == 0 {
		return nil
	}
	list := p.List()
	slices.SortFunc(list, func(a, b Problem) int {
		if a.Path != b.Path {
			if a.Path < b.Path {
				return -1
			}
			return 1
		}
		if a.Field < b.Field {
			return -1
		}
		return 1
	})
	return &ConflictError{Problems: list}
}
