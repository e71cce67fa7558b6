package neo4j

import (
	"cmp"
	"context"
	"slices"
	"strings"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/polish"
	"github.com/wtz-graph/kg/store"
)

// candidate is a node the full-text index returned for a query, with what scoring needs.
type candidate struct {
	gid      string
	sortName string
	names    []string
}

// luceneQuery renders the probes of a query (polish.Query.Lookups) as a Lucene query over the
// indexed terms (polish.IndexTerms): "term" for an exact probe, "term*" for a prefix probe,
// "term~1" for a probe one edit away (Lucene's edit distance counts a swap of neighbours as one,
// as polish.OneEdit does). Terms are folded to
// [a-z0-9] by package polish, so nothing needs escaping; the check keeps it that way.
func luceneQuery(q polish.Query) string {
	var parts []string
	for _, l := range q.Lookups() {
		if strings.IndexFunc(l.Term, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') }) >= 0 {
			continue
		}
		switch {
		case l.Fuzzy:
			parts = append(parts, l.Term+"~1")
		case l.Prefix:
			parts = append(parts, l.Term+"*")
		default:
			parts = append(parts, l.Term)
		}
	}
	return strings.Join(parts, " OR ")
}

// candidates returns every node of the given types (all when none) that any probe of q finds.
func (s *Store) candidates(ctx context.Context, q polish.Query, types []ecosystem.NodeType) ([]candidate, error) {
	lucene := luceneQuery(q)
	if lucene == "" {
		return nil, nil
	}
	typeNames := make([]string, len(types))
	for i, t := range types {
		typeNames[i] = string(t)
	}
	recs, err := s.read(ctx, `
		CALL db.index.fulltext.queryNodes('entity_search', $q, {limit: 100000}) YIELD node
		WHERE size($types) = 0 OR node.type IN $types
		RETURN node.gid AS gid, node.sortName AS sortName, node.names AS names`,
		map[string]any{"q": lucene, "types": typeNames})
	if err != nil {
		return nil, err
	}
	out := make([]candidate, len(recs))
	for i, rec := range recs {
		out[i] = candidate{gid: str(get(rec, "gid")), sortName: str(get(rec, "sortName")), names: strs(get(rec, "names"))}
	}
	return out, nil
}

// Search implements store.Store: candidates from the full-text index, scored and ranked in Go
// by package polish exactly as the embedded store ranks them.
//
// As in the embedded store, a candidate is scored only when at least half of the query's terms
// reach it (polish: coverage), and candidates are read best bound first
// (polish.Query.ScoreBound, from the term counts stored with each node), so that a query whose
// terms reach thousands of nodes reads the names of a few hundred: the first read brings
// searchTake of them, and more are read only while one left unread could still enter the answer.
func (s *Store) Search(ctx context.Context, q store.SearchQuery) ([]ecosystem.SearchHit, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	query := polish.NewQuery(q.Text)
	if query.IsEmpty() {
		return []ecosystem.SearchHit{}, nil
	}
	typeNames := make([]string, len(q.Types))
	for i, t := range q.Types {
		typeNames[i] = string(t)
	}
	var cands []boundCandidate
	var complete bool
	var err error
	if len(query.Terms) > maxMaskedTerms {
		// Too many terms to count in the bound tables: every candidate is scored.
		var all []candidate
		all, err = s.candidates(ctx, query, q.Types)
		for _, c := range all {
			cands = append(cands, boundCandidate{candidate: c})
		}
		complete = true
	}
	type scored struct {
		c     candidate
		score float64
		name  string
	}
	var hits []scored
	var kth []float64 // the best Limit scores so far, descending
	for take := max(searchTake, 2*q.Limit); ; take *= 8 {
		if !complete {
			cands, complete, err = s.boundCandidates(ctx, query, typeNames, take)
		}
		if err != nil {
			return nil, err
		}
		hits, kth = hits[:0], kth[:0]
		for _, c := range cands {
			score, name := query.ScoreAnalysed(polish.AnalyseNames(c.names))
			if score <= 0 {
				continue
			}
			hits = append(hits, scored{c.candidate, score, name})
			kth = append(kth, score)
		}
		if complete {
			break
		}
		slices.SortFunc(kth, func(a, b float64) int { return cmp.Compare(b, a) })
		// Those left unread score at most the bound of the first of them (cands[take]); one
		// that could tie the Limit-th score must be read, as ties are ranked by name.
		if len(kth) >= q.Limit && cands[len(cands)-1].bound < kth[q.Limit-1]-1e-4 {
			break
		}
	}
	slices.SortFunc(hits, func(a, b scored) int {
		return cmp.Or(cmp.Compare(b.score, a.score), strings.Compare(a.c.sortName, b.c.sortName), strings.Compare(a.c.gid, b.c.gid))
	})
	out := make([]ecosystem.SearchHit, 0, min(len(hits), q.Limit))
	for _, h := range hits[:min(len(hits), q.Limit)] {
		k, err := ecosystem.ParseGlobalID(h.c.gid)
		if err != nil {
			return nil, err
		}
		out = append(out, ecosystem.SearchHit{Node: k, Score: h.score, Matched: h.name})
	}
	return out, nil
}

// searchTake is how many candidates the first read of a search brings, best bound first (a
// variable so that a test can make every search read more than once).
var searchTake = 200

const (
	// maxMaskedTerms is the most query terms whose reach is counted, as in the embedded store.
	maxMaskedTerms = 64
	// boundTermCap caps the term counts looked up in the bound tables; a longer name's bound is
	// that of a name of boundTermCap terms, which is higher, so still a bound.
	boundTermCap = 24
)

// boundCandidate is a candidate with the bound on its score.
type boundCandidate struct {
	candidate
	bound float64
}

// boundCandidates reads the candidates of query that at least half of its terms reach, best
// bound first, up to take of them and the first one after (so that the caller knows the bound
// of those left unread), and whether that was all of them.
//
// Each query term is looked up on its own (its probes: polish.Query.Lookups), so that Neo4j
// counts the terms that reach each node. The bound is looked up in tables that Go computes
// with polish.Query.ScoreBound, by the terms reached and the node's stored term counts
// (nameTerms, aliasTerms), as the maximum of the name's bound and the aliases' (which is how
// ScoreBound combines them; polish tests that it does).
func (s *Store) boundCandidates(ctx context.Context, query polish.Query, types []string, take int) ([]boundCandidate, bool, error) {
	n := len(query.Terms)
	needed := query.NeededTerms()
	var probes []map[string]any
	for i, t := range query.Terms {
		if l := luceneQuery(polish.Query{Terms: []string{t}}); l != "" {
			probes = append(probes, map[string]any{"i": i, "q": l})
		}
	}
	if len(probes) == 0 {
		return nil, true, nil
	}
	nameBound := make([][]float64, n-needed+1)
	aliasBound := make([][]float64, n-needed+1)
	for r := needed; r <= n; r++ {
		nb, ab := make([]float64, boundTermCap+1), make([]float64, boundTermCap+1)
		for t := range nb {
			nb[t], ab[t] = query.ScoreBound(r, t, 0), query.ScoreBound(r, 0, t)
		}
		nameBound[r-needed], aliasBound[r-needed] = nb, ab
	}
	recs, err := s.read(ctx, `
		UNWIND $probes AS probe
		CALL db.index.fulltext.queryNodes('entity_search', probe.q, {limit: 100000}) YIELD node
		WITH node, count(DISTINCT probe.i) AS reached
		WHERE reached >= $needed AND (size($types) = 0 OR node.type IN $types)
		WITH node, reached - $needed AS r,
			coalesce(node.nameTerms, 1) AS nt, coalesce(node.aliasTerms, 1) AS at
		WITH node, $nameBound[r][CASE WHEN nt > $cap THEN $cap ELSE nt END] AS nb,
			$aliasBound[r][CASE WHEN at > $cap THEN $cap ELSE at END] AS ab
		WITH node, CASE WHEN nb > ab THEN nb ELSE ab END AS bound
		ORDER BY bound DESC, node.gid
		LIMIT $limit
		RETURN node.gid AS gid, node.sortName AS sortName, node.names AS names, bound`,
		map[string]any{"probes": probes, "needed": needed, "types": types, "cap": boundTermCap,
			"nameBound": nameBound, "aliasBound": aliasBound, "limit": take + 1})
	if err != nil {
		return nil, false, err
	}
	out := make([]boundCandidate, len(recs))
	for i, rec := range recs {
		b, _ := get(rec, "bound").(float64)
		out[i] = boundCandidate{
			candidate: candidate{gid: str(get(rec, "gid")), sortName: str(get(rec, "sortName")), names: strs(get(rec, "names"))},
			bound:     b,
		}
	}
	return out, len(recs) <= take, nil
}
