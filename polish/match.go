package polish

import (
	"math"
	"strings"
)

// Query is an analysed search text.
type Query struct {
	Terms []string
}

// NewQuery analyses a search text (see QueryTerms).
func NewQuery(text string) Query { return Query{Terms: QueryTerms(text)} }

// IsEmpty reports whether the text had no searchable terms (only stopwords or punctuation).
func (q Query) IsEmpty() bool { return len(q.Terms) == 0 }

// Lookup is one index probe needed to find every candidate for a query: an exact term, a
// prefix (every indexed term that starts with Term), or with Fuzzy every indexed term one edit
// from Term (OneEdit).
type Lookup struct {
	Term   string
	Prefix bool
	Fuzzy  bool
}

// Lookups lists the index probes that retrieve every node a query can match: for each term, the
// indexed terms it is a prefix of, the indexed terms that are a prefix of it, and for longer
// terms those one typo away. Names are indexed under IndexTerms (their terms and the
// alternated variants). A backend that returns the union of these probes, then scores with
// Score, answers like any other.
func (q Query) Lookups() []Lookup {
	var out []Lookup
	seen := map[Lookup]bool{}
	add := func(l Lookup) {
		if !seen[l] {
			seen[l] = true
			out = append(out, l)
		}
	}
	for _, t := range q.Terms {
		if len(t) < minStem {
			add(Lookup{Term: t})
			continue
		}
		add(Lookup{Term: t, Prefix: true})
		for n := minStem; n < len(t); n++ {
			add(Lookup{Term: t[:n]})
		}
		if len(t) >= minFuzzy {
			add(Lookup{Term: t, Fuzzy: true})
		}
	}
	return out
}

// variantWeight and typoWeight rank a match through a consonant alternation, and one through a
// typo, below the same match on the term itself.
const (
	variantWeight = 0.95
	typoWeight    = 0.75
)

// TermMatch scores how well a query term matches a name's term: exactly or by prefix
// (prefixMatch); through an alternated form of the term (Variants: Wieliczce for Wieliczka),
// a little lower; and, for query terms of six letters or more, one typo away, lower still.
func TermMatch(q, t string) float64 {
	v := ""
	if vs := Variants(t); len(vs) > 0 {
		v = vs[0]
	}
	return termMatch(q, t, v)
}

// termMatch is TermMatch with the term's variant given ("" for none).
func termMatch(q, t, variant string) float64 {
	best := prefixMatch(q, t)
	if best == 1 {
		return 1
	}
	if variant != "" {
		if m := variantWeight * prefixMatch(q, variant); m > best {
			best = m
		}
	}
	if best == 0 && len(q) >= minFuzzy && OneEdit(q, t) {
		best = typoWeight
	}
	return best
}

// exactOrVariant reports whether q matches t, or an alternated form of it, by prefix.
func exactOrVariant(q, t string) bool {
	if prefixMatch(q, t) > 0 {
		return true
	}
	for _, v := range Variants(t) {
		if prefixMatch(q, v) > 0 {
			return true
		}
	}
	return false
}

// prefixMatch scores how well a query term matches an indexed term: 1 when equal; between 0.7 and
// 1 when one is a prefix of the other and the shorter has at least four letters; 0 otherwise.
func prefixMatch(q, t string) float64 {
	if q == t {
		return 1
	}
	short, long := q, t
	if len(short) > len(long) {
		short, long = long, short
	}
	if len(short) >= minStem && strings.HasPrefix(long, short) {
		return 0.7 + 0.3*float64(len(short))/float64(len(long))
	}
	return 0
}

// aliasWeight ranks a match on an alias just below the same match on the name.
const aliasWeight = 0.97

// minCoverage is the share of query terms a name must match to count as a hit.
const minCoverage = 0.5

// NeededTerms is how many of the query's terms must reach a node for any of its names to
// score (minCoverage): stores skip the nodes that fewer reach.
func (q Query) NeededTerms() int { return int(math.Ceil(minCoverage * float64(len(q.Terms)))) }

// Name is a name analysed once, so that stores can cache the analysis.
type Name struct {
	Text  string
	Terms []string
	// Variants holds, aligned with Terms, each term's alternated form ("" when none).
	Variants []string
}

// AnalyseNames analyses a name and its aliases.
func AnalyseNames(names []string) []Name {
	out := make([]Name, len(names))
	for i, n := range names {
		terms := Terms(n)
		variants := make([]string, len(terms))
		for j, t := range terms {
			if v := Variants(t); len(v) > 0 {
				variants[j] = v[0]
			}
		}
		out[i] = Name{Text: n, Terms: terms, Variants: variants}
	}
	return out
}

// Score rates names (the first is the name, the rest aliases) against the query and returns the
// best score in (0, 1] with the name that gave it, or 0 and "" when none matches. The score is
// the share of query terms matched, weighted by match quality, with a small bonus for names
// made mostly of matched terms, so that "Gdynia" ranks the city above "MOPS w Gdyni".
func (q Query) Score(names []string) (float64, string) {
	return q.ScoreAnalysed(AnalyseNames(names))
}

// ScoreAnalysed is Score over names analysed beforehand.
func (q Query) ScoreAnalysed(names []Name) (float64, string) {
	if q.IsEmpty() {
		return 0, ""
	}
	best, bestName := 0.0, ""
	for i, name := range names {
		s := q.scoreTerms(name.Terms, name.Variants)
		if i > 0 {
			s *= aliasWeight
		}
		if s > best {
			best, bestName = s, name.Text
		}
	}
	return round4(best), bestName
}

// TermCounts summarises a node's analysed names for ScoreBound: the number of terms of its
// name, and the fewest of any alias (0 when it has none with terms).
func TermCounts(names []Name) (name, alias int) {
	for i, n := range names {
		switch {
		case i == 0:
			name = len(n.Terms)
		case len(n.Terms) > 0 && (alias == 0 || len(n.Terms) < alias):
			alias = len(n.Terms)
		}
	}
	return name, alias
}

// ScoreBound is a bound on ScoreAnalysed for a node whose names TermCounts summarises and that
// at most reached of the query's terms can match (the terms whose Lookups reach it): no name
// covers more than reached of them, and none matches more of its own terms than that. Stores
// skip scoring a candidate whose bound is below the scores they already hold.
func (q Query) ScoreBound(reached, nameTerms, aliasTerms int) float64 {
	if len(q.Terms) == 0 {
		return 0
	}
	coverage := float64(min(reached, len(q.Terms))) / float64(len(q.Terms))
	if coverage < minCoverage {
		return 0
	}
	bound := func(terms int) float64 {
		if terms == 0 {
			return 0
		}
		return coverage * (0.85 + 0.15*float64(min(reached, terms))/float64(terms))
	}
	return max(bound(nameTerms), aliasWeight*bound(aliasTerms))
}

// ScoreTerms rates one already analysed name.
func (q Query) scoreTerms(nameTerms, variants []string) float64 {
	if len(nameTerms) == 0 {
		return 0
	}
	var small [16]bool
	var matched []bool
	if len(nameTerms) <= len(small) {
		matched = small[:len(nameTerms)]
	} else {
		matched = make([]bool, len(nameTerms))
	}
	total := 0.0
	for _, qt := range q.Terms {
		best := 0.0
		bestIdx := -1
		for i, nt := range nameTerms {
			v := ""
			if i < len(variants) {
				v = variants[i]
			}
			if m := termMatch(qt, nt, v); m > best {
				best, bestIdx = m, i
			}
		}
		if bestIdx >= 0 {
			matched[bestIdx] = true
		}
		total += best
	}
	coverage := total / float64(len(q.Terms))
	if coverage < minCoverage {
		return 0
	}
	n := 0
	for _, m := range matched {
		if m {
			n++
		}
	}
	precision := float64(n) / float64(len(nameTerms))
	return coverage * (0.85 + 0.15*precision)
}

// MatchesAll reports whether every query term matches some term of one of the names: the test
// used by name filters, stricter than search ranking. It takes alternated forms but no typos:
// a filter for Będzin must not list Lędziny.
func (q Query) MatchesAll(names []Name) bool {
	for _, name := range names {
		terms := name.Terms
		all := true
		for _, qt := range q.Terms {
			found := false
			for _, nt := range terms {
				if exactOrVariant(qt, nt) {
					found = true
					break
				}
			}
			if !found {
				all = false
				break
			}
		}
		if all {
			return true
		}
	}
	return false
}

func round4(f float64) float64 { return math.Round(f*10000) / 10000 }
