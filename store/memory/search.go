package memory

import (
	"cmp"
	"context"
	"math/bits"
	"slices"
	"sort"
	"strings"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/polish"
	"github.com/wtz-graph/kg/store"
)

// Search implements store.Store: candidates come from the term index through the probes
// polish.Query.Lookups names; polish scores them.
func (s *Store) Search(ctx context.Context, q store.SearchQuery) ([]ecosystem.SearchHit, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	query := polish.NewQuery(q.Text)
	if query.IsEmpty() {
		return []ecosystem.SearchHit{}, nil
	}
	var types uint32 // bits by position in ecosystem.AllNodeTypes; 0: every type
	for _, t := range q.Types {
		if i := typeIndex(t); i >= 0 {
			types |= 1 << i
		}
	}
	if len(q.Types) > 0 && types == 0 {
		return []ecosystem.SearchHit{}, nil // no type that nodes have
	}
	// scored copies what ranking needs while the read lock is held: a writer may replace a
	// node's record fields as soon as the lock is released.
	type scored struct {
		key           ecosystem.NodeKey
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
		// reached is indexed by node ord (a scratch array reused across searches: a map of a few
		// thousand candidates costs more than the search's scoring); touched lists what to
		// read and clear.
		sc := s.searchScratch(int(g.nextOrd))
		defer s.scratch.Put(sc)
		reached, touched := sc.mask, sc.touched[:0]
		defer func() {
			for _, ord := range touched {
				reached[ord] = 0
			}
			sc.touched = touched[:0]
		}()
		for i, t := range qterms {
			bit := uint64(1) << i
			mark := func(list []int32) {
				for _, ord := range list {
					if reached[ord] == 0 {
						touched = append(touched, ord)
					}
					reached[ord] |= bit
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
		n := len(query.Terms)
		needed := query.NeededTerms()
		if n > 64 {
			needed = 0 // the mask does not cover every term: score them all
		}
		// Candidates by the number of query terms that reach them, most first. A name's score
		// is at most the share of query terms it matches, so once Limit hits score above
		// what the next group could reach, the rest cannot enter the answer.
		groups := sc.groups(min(n, 64) + 1)
		for _, ord := range touched {
			c := bits.OnesCount64(reached[ord])
			if c < needed {
				continue
			}
			if types != 0 && types&(1<<g.summaries[ord].typ) == 0 {
				continue
			}
			groups[c] = append(groups[c], ord)
		}
		var kth []float64 // the best Limit scores so far, descending
		for c := len(groups) - 1; c >= 0; c-- {
			if n <= 64 && len(kth) == q.Limit && kth[len(kth)-1] > float64(c)/float64(n) {
				break
			}
			for _, ord := range groups[c] {
				// A name with many terms of which only c can match scores less than a short
				// one: once the answer is full, candidates that cannot reach it are skipped
				// (by more than the rounding of scores, so ties are still scored).
				if n <= 64 && len(kth) == q.Limit {
					sum := g.summaries[ord]
					if query.ScoreBound(c, int(sum.nameTerms), int(sum.aliasTerms)) < kth[len(kth)-1]-1e-4 {
						continue
					}
				}
				rec := g.byOrd[ord]
				score, name := query.ScoreAnalysed(rec.names)
				if score <= 0 {
					continue
				}
				hits = append(hits, scored{rec.key, rec.sortName, rec.gid, score, name})
				if len(kth) < q.Limit || score > kth[len(kth)-1] {
					i, _ := slices.BinarySearchFunc(kth, score, func(a, b float64) int { return cmp.Compare(b, a) })
					kth = slices.Insert(kth, i, score)
					if len(kth) > q.Limit {
						kth = kth[:q.Limit]
					}
				}
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Only the best Limit are kept, in order: a common word's thousands of hits are not sorted
	// for ten answers.
	compare := func(a, b scored) int {
		return cmp.Or(cmp.Compare(b.score, a.score), strings.Compare(a.sortName, b.sortName), strings.Compare(a.gid, b.gid))
	}
	best := make([]scored, 0, min(len(hits), q.Limit))
	for _, h := range hits {
		if len(best) == q.Limit && compare(h, best[len(best)-1]) >= 0 {
			continue
		}
		i, _ := slices.BinarySearchFunc(best, h, compare)
		if len(best) == q.Limit {
			best = best[:len(best)-1]
		}
		best = slices.Insert(best, i, h)
	}
	hits = best
	out := make([]ecosystem.SearchHit, 0, min(len(hits), q.Limit))
	for _, h := range hits[:min(len(hits), q.Limit)] {
		out = append(out, ecosystem.SearchHit{Node: h.key, Score: h.score, Matched: h.name})
	}
	return out, nil
}

// scratch is a search's working memory: a mask per node ord, all zero between searches.
type scratch struct {
	mask    []uint64
	touched []int32
	byCount [][]int32
}

// groups returns n empty lists that keep the room of earlier searches.
func (sc *scratch) groups(n int) [][]int32 {
	for len(sc.byCount) < n {
		sc.byCount = append(sc.byCount, nil)
	}
	for i := range sc.byCount {
		sc.byCount[i] = sc.byCount[i][:0]
	}
	return sc.byCount[:n]
}

// searchScratch takes a scratch with room for n node ords from the store's pool.
func (s *Store) searchScratch(n int) *scratch {
	sc, _ := s.scratch.Get().(*scratch)
	if sc == nil {
		sc = &scratch{}
	}
	if len(sc.mask) < n {
		sc.mask = make([]uint64, n+n/4)
	}
	return sc
}
