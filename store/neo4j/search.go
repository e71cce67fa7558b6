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
func (s *Store) Search(ctx context.Context, q store.SearchQuery) ([]ecosystem.SearchHit, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	query := polish.NewQuery(q.Text)
	if query.IsEmpty() {
		return []ecosystem.SearchHit{}, nil
	}
	cands, err := s.candidates(ctx, query, q.Types)
	if err != nil {
		return nil, err
	}
	type scored struct {
		c     candidate
		score float64
		name  string
	}
	var hits []scored
	for _, c := range cands {
		if score, name := query.ScoreAnalysed(polish.AnalyseNames(c.names)); score > 0 {
			hits = append(hits, scored{c, score, name})
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
