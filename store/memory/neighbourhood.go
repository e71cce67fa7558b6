package memory

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/wtz-graph/kg/graph/model"
	"github.com/wtz-graph/kg/store"
)

// Neighbourhood implements store.Store: a breadth-first search to the given depth, ignoring
// relation direction, that keeps whole layers in global-id order until the node limit, then
// every relation among the kept nodes.
func (s *Store) Neighbourhood(ctx context.Context, q store.NeighbourhoodQuery) (*model.Neighbourhood, error) {
	if q.Limit <= 0 || q.Depth < 0 {
		return nil, store.Invalidf("limit must be positive and depth not negative")
	}
	var out *model.Neighbourhood
	err := s.read(ctx, func(g *graph) error {
		center, ok := g.nodes[q.Center]
		if !ok {
			return store.NotFoundf("%s does not exist", q.Center)
		}
		types := typeSet(q.Types)
		nb := &model.Neighbourhood{Center: q.Center}
		kept := map[*node]bool{center: true}
		nb.Nodes = append(nb.Nodes, model.NeighbourhoodNode{Node: q.Center, Distance: 0})
		layer := []*node{center}
		for d := 1; d <= q.Depth && len(layer) > 0 && !nb.Truncated; d++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			var next []*node
			seen := map[*node]bool{}
			for _, u := range layer {
				for _, st := range g.steps(u, types) {
					if !kept[st.to] && !seen[st.to] {
						seen[st.to] = true
						next = append(next, st.to)
					}
				}
			}
			slices.SortFunc(next, func(a, b *node) int { return strings.Compare(a.gid, b.gid) })
			if room := q.Limit - len(nb.Nodes); len(next) > room {
				next = next[:room]
				nb.Truncated = true
			}
			for _, v := range next {
				kept[v] = true
				nb.Nodes = append(nb.Nodes, model.NeighbourhoodNode{Node: v.n.Key(), Distance: d})
			}
			layer = next
		}
		seenRel := map[string]bool{}
		for v := range kept {
			for _, r := range v.out {
				if (types == nil || types[r.Type]) && kept[g.nodes[r.To]] && !seenRel[r.ID] {
					seenRel[r.ID] = true
					nb.Relations = append(nb.Relations, r.Clone())
				}
			}
		}
		slices.SortFunc(nb.Relations, func(a, b *model.Relation) int {
			return cmp.Or(strings.Compare(a.From.GlobalID(), b.From.GlobalID()),
				strings.Compare(string(a.Type), string(b.Type)),
				strings.Compare(a.To.GlobalID(), b.To.GlobalID()))
		})
		if nb.Relations == nil {
			nb.Relations = []*model.Relation{}
		}
		out = nb
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}
