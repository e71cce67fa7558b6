package memory

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// Neighbourhood implements store.Store: a breadth-first search to the given depth, ignoring
// relation direction, that keeps whole layers in global-id order until the node limit, then
// every relation among the kept nodes.
func (s *Store) Neighbourhood(ctx context.Context, q store.NeighbourhoodQuery) (*ecosystem.Neighbourhood, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	var out *ecosystem.Neighbourhood
	err := s.read(ctx, func(g *graph) error {
		center, ok := g.nodes[q.Center]
		if !ok {
			return store.NotFoundf("%s does not exist", q.Center)
		}
		types := typeSet(q.Types)
		nb := &ecosystem.Neighbourhood{Center: q.Center}
		kept := map[*node]bool{center: true}
		nb.Nodes = append(nb.Nodes, ecosystem.NeighbourhoodNode{Node: q.Center, Distance: 0})
		layer := []*node{center}
		for d := 1; d <= q.Depth && len(layer) > 0 && !nb.Truncated; d++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			var next []*node
			reach := 0
			for _, u := range layer {
				reach += len(u.out) + len(u.in)
			}
			seen := make(map[*node]bool, min(reach, 1<<16))
			for _, u := range layer {
				g.each(u, types, func(v *node) {
					if !kept[v] && !seen[v] {
						seen[v] = true
						next = append(next, v)
					}
				})
			}
			room := q.Limit - len(nb.Nodes)
			if len(next) > room {
				next = lowestGIDs(next, room)
				nb.Truncated = true
			}
			slices.SortFunc(next, func(a, b *node) int { return strings.Compare(a.gid, b.gid) })
			for _, v := range next {
				kept[v] = true
				nb.Nodes = append(nb.Nodes, ecosystem.NeighbourhoodNode{Node: v.n.Key(), Distance: d})
			}
			layer = next
		}
		// Every relation among the kept nodes is an out-relation of one of them; each is met once.
		type found struct {
			rel      *ecosystem.Relation
			from, to *node
		}
		var rels []found
		for v := range kept {
			for i, r := range v.out {
				if (types == nil || types[r.Type]) && kept[v.outTo[i]] {
					rels = append(rels, found{r, v, v.outTo[i]})
				}
			}
		}
		slices.SortFunc(rels, func(a, b found) int {
			return cmp.Or(strings.Compare(a.from.gid, b.from.gid),
				strings.Compare(string(a.rel.Type), string(b.rel.Type)),
				strings.Compare(a.to.gid, b.to.gid))
		})
		nb.Relations = make([]*ecosystem.Relation, len(rels))
		for i, f := range rels {
			nb.Relations[i] = f.rel.Clone()
		}
		out = nb
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// lowestGIDs returns the k nodes of list with the lowest global ids, in no particular order,
// without sorting the whole list: a layer two hops from a hub can hold thousands of nodes of
// which only the first hundred are kept. It keeps the k lowest seen so far in a max-heap.
func lowestGIDs(list []*node, k int) []*node {
	if k <= 0 {
		return nil
	}
	h := slices.Clone(list[:k])
	less := func(i, j int) bool { return h[i].gid > h[j].gid } // max-heap on gid
	down := func(i int) {
		for {
			l := 2*i + 1
			if l >= len(h) {
				return
			}
			if r := l + 1; r < len(h) && less(r, l) {
				l = r
			}
			if !less(l, i) {
				return
			}
			h[i], h[l] = h[l], h[i]
			i = l
		}
	}
	for i := len(h)/2 - 1; i >= 0; i-- {
		down(i)
	}
	for _, v := range list[k:] {
		if v.gid < h[0].gid {
			h[0] = v
			down(0)
		}
	}
	return h
}
