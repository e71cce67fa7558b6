package store

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/polish"
)

// NameKeys identify entities that are probably the same: same type and a name or alias with
// the same normalised form (polish.Key). Places are told apart by their TERYT code, country
// and kind as well, since homonyms are common (six villages are called Gębice). The seed
// validator refuses two entities of a dataset with a key in common; NameClashes refuses a
// write whose entity shares one with an entity already stored, unless the two are known to be
// different (Distinct).
func NameKeys(n ecosystem.Node) []string {
	var keys []string
	for _, name := range n.Common().Names() {
		norm := polish.Key(name)
		if norm == "" {
			continue
		}
		key := string(n.Key().Type) + "|" + norm
		if pl, ok := n.(*ecosystem.Place); ok {
			key += "|" + pl.Country + "|" + pl.TERC + "|" + string(pl.Kind)
		}
		if !slices.Contains(keys, key) {
			keys = append(keys, key)
		}
	}
	return keys
}

// nameCandidates is how many search hits per name NameClashes reads: a stored entity with the
// same normalised name scores as high as any.
const nameCandidates = 10

// NameClashes reports each node to be written whose name or an alias normalises like a name of
// another entity of its type in the store, one problem per node, with Field "name". It asks
// through the Store interface only (Search, then Nodes), so that every backend answers alike;
// the conformance suite checks it on each. Nodes the same write deletes or merges away are no
// clash.
func NameClashes(ctx context.Context, s Store, cs ChangeSet) ([]Problem, error) {
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
	var problems []Problem
	for i, n := range cs.PutNodes {
		mine := NameKeys(n)
		if len(mine) == 0 {
			continue
		}
		var keys []ecosystem.NodeKey
		seen := map[ecosystem.NodeKey]bool{}
		for _, name := range n.Common().Names() {
			hits, err := s.Search(ctx, SearchQuery{Text: name, Types: []ecosystem.NodeType{n.Key().Type}, Limit: nameCandidates})
			if err != nil {
				if isClientError(err) {
					continue // a name without searchable words clashes with nothing
				}
				return nil, fmt.Errorf("look up names like %s: %w", n.Key(), err)
			}
			for _, h := range hits {
				if k := h.Node; k != n.Key() && !seen[k] && !going[k] && !writing[k] {
					seen[k] = true
					keys = append(keys, k)
				}
			}
		}
		if len(keys) == 0 {
			continue
		}
		found, err := s.Nodes(ctx, keys)
		if err != nil {
			return nil, fmt.Errorf("read entities named like %s: %w", n.Key(), err)
		}
		for _, other := range found {
			if other == nil || other.Key() == n.Key() {
				continue // gone, or a merged id that resolves to the node itself
			}
			if shared(mine, NameKeys(other)) && !Distinct(n, other) {
				problems = append(problems, Problem{
					Path:    fmt.Sprintf("putNodes[%d] (%s)", i, n.Key()),
					Field:   "name",
					Message: fmt.Sprintf("has the same normalised name as %s: one entity must have one id (update that one, or merge them)", other.Key()),
				})
				break
			}
		}
	}
	return problems, nil
}

// Distinct reports whether two entities that share a name are known to be different: two
// organisations with identifiers of one scheme that differ (two welfare centres of gminas with
// the same name, each with its own REGON or RJPS id).
func Distinct(a, b ecosystem.Node) bool {
	oa, ok1 := a.(*ecosystem.Organisation)
	ob, ok2 := b.(*ecosystem.Organisation)
	if !ok1 || !ok2 {
		return false
	}
	for _, x := range oa.Identifiers {
		for _, y := range ob.Identifiers {
			if x.Scheme == y.Scheme && x.Value != y.Value {
				return true
			}
		}
	}
	return false
}

func shared(a, b []string) bool {
	for _, k := range a {
		if slices.Contains(b, k) {
			return true
		}
	}
	return false
}

func isClientError(err error) bool {
	var c *ClientError
	return errors.As(err, &c) || errors.Is(err, ErrInvalid)
}
