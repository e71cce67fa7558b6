package memory

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// Paths implements store.Store with a bidirectional breadth-first search that ignores relation
// direction. It returns every shortest path (up to the limit), ordered hop by hop by the next
// node's global id, then the relation id.
func (s *Store) Paths(ctx context.Context, q store.PathQuery) ([]ecosystem.Path, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	var out []ecosystem.Path
	err := s.read(ctx, func(g *graph) error {
		src, ok := g.nodes[q.From]
		if !ok {
			return store.NotFoundf("%s does not exist", q.From)
		}
		dst, ok := g.nodes[q.To]
		if !ok {
			return store.NotFoundf("%s does not exist", q.To)
		}
		out = g.shortestPaths(ctx, src, dst, q.MaxHops, typeSet(q.Types), q.Limit)
		return ctx.Err()
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// step is a walk along one relation, in either direction.
type step struct {
	rel *ecosystem.Relation
	to  *node
	out bool
}

// steps lists the relations of u usable in a path, ordered by the other end's global id, then
// relation id.
func (g *graph) steps(u *node, types map[ecosystem.RelationType]bool) []step {
	var out []step
	for i, r := range u.out {
		if types == nil || types[r.Type] {
			out = append(out, step{r, u.outTo[i], true})
		}
	}
	for i, r := range u.in {
		if types == nil || types[r.Type] {
			out = append(out, step{r, u.inFrom[i], false})
		}
	}
	slices.SortFunc(out, func(a, b step) int {
		return cmp.Or(strings.Compare(a.to.gid, b.to.gid), strings.Compare(a.rel.ID, b.rel.ID))
	})
	return out
}

// bfsSide is one side of a bidirectional search.
type bfsSide struct {
	dist   map[*node]int
	layers [][]*node
}

func newSide(start *node) *bfsSide {
	return &bfsSide{dist: map[*node]int{start: 0}, layers: [][]*node{{start}}}
}

// expand adds the next layer and returns the nodes of it that the other side has reached.
func (s *bfsSide) expand(g *graph, types map[ecosystem.RelationType]bool, other *bfsSide) (met []*node) {
	depth := len(s.layers)
	var next []*node
	for _, u := range s.layers[depth-1] {
		g.each(u, types, func(v *node) {
			if _, seen := s.dist[v]; seen {
				return
			}
			s.dist[v] = depth
			next = append(next, v)
			if _, ok := other.dist[v]; ok {
				met = append(met, v)
			}
		})
	}
	s.layers = append(s.layers, next)
	return met
}

func (g *graph) shortestPaths(ctx context.Context, src, dst *node, maxHops int, types map[ecosystem.RelationType]bool, limit int) []ecosystem.Path {
	if src == dst {
		return []ecosystem.Path{{Nodes: []ecosystem.NodeKey{src.n.Key()}, Hops: []ecosystem.Hop{}}}
	}
	fwd, bwd := newSide(src), newSide(dst)
	var met []*node
	for hops := 0; hops < maxHops && len(met) == 0; hops++ {
		if ctx.Err() != nil {
			return nil
		}
		// Expand the side whose last layer is smaller: the search touches less of the graph.
		side, other := fwd, bwd
		if len(bwd.layers[len(bwd.layers)-1]) < len(fwd.layers[len(fwd.layers)-1]) {
			side, other = bwd, fwd
		}
		if len(side.layers[len(side.layers)-1]) == 0 {
			return []ecosystem.Path{}
		}
		met = side.expand(g, types, other)
	}
	if len(met) == 0 {
		return []ecosystem.Path{}
	}
	// The shortest length; the meeting nodes that lie on a shortest path.
	length := -1
	for _, m := range met {
		if l := fwd.dist[m] + bwd.dist[m]; length < 0 || l < length {
			length = l
		}
	}
	meet := map[*node]bool{}
	for _, m := range met {
		if fwd.dist[m]+bwd.dist[m] == length {
			meet[m] = true
		}
	}
	// good marks forward-side nodes from which a meeting node is reachable by steps that each
	// increase the distance from src by one.
	good := map[*node]bool{}
	top := -1
	for m := range meet {
		good[m] = true
		top = max(top, fwd.dist[m])
	}
	for d := top - 1; d >= 0; d-- {
		for _, u := range fwd.layers[d] {
			g.each(u, types, func(v *node) {
				if good[v] && fwd.dist[v] == d+1 {
					good[u] = true
				}
			})
		}
	}

	var out []ecosystem.Path
	nodes := []ecosystem.NodeKey{src.n.Key()}
	var hops []ecosystem.Hop
	var walk func(u *node, forward bool)
	walk = func(u *node, forward bool) {
		if len(out) >= limit {
			return
		}
		if u == dst {
			out = append(out, ecosystem.Path{Nodes: slices.Clone(nodes), Hops: slices.Clone(hops)})
			return
		}
		if forward && meet[u] {
			forward = false
		}
		for _, st := range g.steps(u, types) {
			var ok bool
			if forward {
				d, seen := fwd.dist[st.to]
				ok = seen && d == fwd.dist[u]+1 && good[st.to]
			} else {
				d, seen := bwd.dist[st.to]
				ok = seen && d == bwd.dist[u]-1
			}
			if !ok {
				continue
			}
			dir := ecosystem.DirOut
			if !st.out {
				dir = ecosystem.DirIn
			}
			nodes = append(nodes, st.to.n.Key())
			hops = append(hops, ecosystem.Hop{From: u.n.Key(), To: st.to.n.Key(), Relation: st.rel.Clone(), Direction: dir})
			walk(st.to, forward)
			nodes = nodes[:len(nodes)-1]
			hops = hops[:len(hops)-1]
			if len(out) >= limit {
				return
			}
		}
	}
	walk(src, true)
	return out
}
