package memory

import (
	"cmp"
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/wtz-graph/kg/graph/model"
	"github.com/wtz-graph/kg/polish"
	"github.com/wtz-graph/kg/store"
)

// Search implements store.Store: candidates come from the term index through the probes
// polish.Query.Lookups names; polish scores them.
func (s *Store) Search(ctx context.Context, q store.SearchQuery) ([]model.SearchHit, error) {
	if q.Limit <= 0 {
		return nil, store.Invalidf("limit must be positive")
	}
	query := polish.NewQuery(q.Text)
	if query.IsEmpty() {
		return []model.SearchHit{}, nil
	}
	types := map[model.NodeType]bool{}
	for _, t := range q.Types {
		types[t] = true
	}
	// scored copies what ranking needs while the read lock is held: a writer may replace a
	// node's record fields as soon as the lock is released.
	type scored struct {
		key           model.NodeKey
		sortName, gid string
		score         float64
		name          string
	}
	var hits []scored
	err := s.read(ctx, func(g *graph) error {
		candidates := map[model.NodeKey]bool{}
		terms := g.sortedTerms()
		for _, l := range query.Lookups() {
			if !l.Prefix {
				for k := range g.postings[l.Term] {
					candidates[k] = true
				}
				continue
			}
			for i := sort.SearchStrings(terms, l.Term); i < len(terms) && strings.HasPrefix(terms[i], l.Term); i++ {
				for k := range g.postings[terms[i]] {
					candidates[k] = true
				}
			}
		}
		for k := range candidates {
			if len(types) > 0 && !types[k.Type] {
				continue
			}
			rec := g.nodes[k]
			if score, name := query.ScoreAnalysed(rec.names); score > 0 {
				hits = append(hits, scored{k, rec.sortName, rec.gid, score, name})
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(hits, func(a, b scored) int {
		return cmp.Or(cmp.Compare(b.score, a.score), strings.Compare(a.sortName, b.sortName), strings.Compare(a.gid, b.gid))
	})
	out := make([]model.SearchHit, 0, min(len(hits), q.Limit))
	for _, h := range hits[:min(len(hits), q.Limit)] {
		out = append(out, model.SearchHit{Node: h.key, Score: h.score, Matched: h.name})
	}
	return out, nil
}
