package memory

import (
	"cmp"
	"context"
	"math/bits"
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
		// Each candidate collects the query terms whose probes (polish.Query.Lookups, per
		// term) reach one of its names' terms. A name scores only when it matches at least
		// half of the query's terms (polish: coverage), and a term matches only what its
		// probes reach, so candidates reached by fewer terms are not scored at all.
		terms := g.sortedTerms()
		qterms := query.Terms
		if len(qterms) > 64 {
			qterms = qterms[:64] // the mask's width; scoring still uses every term
		}
		reached := map[*node]uint64{}
		for i, t := range qterms {
			bit := uint64(1) << i
			mark := func(set map[*node]struct{}) {
				for rec := range set {
					reached[rec] |= bit
				}
			}
			for _, l := range (polish.Query{Terms: []string{t}}).Lookups() {
				if l.Fuzzy {
					for _, ft := range g.fuzzyTerms(l.Term) {
						mark(g.postings[ft])
					}
					continue
				}
				if !l.Prefix {
					mark(g.postings[l.Term])
					continue
				}
				for j := sort.SearchStrings(terms, l.Term); j < len(terms) && strings.HasPrefix(terms[j], l.Term); j++ {
					mark(g.postings[terms[j]])
				}
			}
		}
		needed := (len(query.Terms) + 1) / 2
		for rec, mask := range reached {
			if len(types) > 0 && !types[rec.key.Type] {
				continue
			}
			if len(query.Terms) <= 64 && bits.OnesCount64(mask) < needed {
				continue
			}
			if score, name := query.ScoreAnalysed(rec.names); score > 0 {
				hits = append(hits, scored{rec.key, rec.sortName, rec.gid, score, name})
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
