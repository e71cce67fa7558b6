package memory

import (
	"cmp"
	"slices"
	"sort"
	"strings"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/polish"
	"github.com/wtz-graph/kg/store"
)

// node is a stored node with its adjacency and its analysed names.
type node struct {
	// ord numbers the node in the order it was stored (never reused), for scratch arrays.
	ord      int32
	n        ecosystem.Node
	key      ecosystem.NodeKey
	gid      string
	names    []polish.Name
	sortName string
	out      []*ecosystem.Relation
	in       []*ecosystem.Relation
	// outTo and inFrom are aligned with out and in: the node at the other end of each relation,
	// so that traversals follow pointers instead of looking every end up by key.
	outTo  []*node
	inFrom []*node
}

// graph is the in-memory graph with its indexes. It is not safe for concurrent use; Store
// guards it with a lock.
type graph struct {
	nodes  map[ecosystem.NodeKey]*node
	rels   map[string]*ecosystem.Relation
	byType map[ecosystem.NodeType]map[string]*node
	// postings maps an analysed name term to the ords of the nodes whose names contain it, in
	// ascending order: a search reads them without following a pointer per node (reading a
	// node per posting cost more than the rest of a search), and a new node, which gets the
	// highest ord, is appended.
	postings map[string][]int32
	// byOrd maps an ord to its node (nil once the node is deleted), and summaries to what a
	// search needs to know of a candidate before it reads the node.
	byOrd     []*node
	summaries []summary
	// terms is the sorted list of posting keys for prefix lookups; nil when stale until
	// refreshTerms rebuilds it at the end of a change set. deletions maps each one-letter
	// deletion of a posting key (of five letters or more) to the keys, for typo lookups.
	terms     []string
	deletions map[string][]string
	// redirects maps the keys of merged nodes to their survivors.
	redirects map[ecosystem.NodeKey]ecosystem.NodeKey
	// identifiers maps an identifier's key ("KRS:0000123456") to the organisation holding it.
	identifiers map[string]*node
	// nextOrd is the ord the next stored node gets.
	nextOrd int32
	// relTypes maps each relation type to the model's constant, and strs holds one copy of
	// the short strings relations repeat (locators, titles): see canonical.
	relTypes map[ecosystem.RelationType]ecosystem.RelationType
	strs     map[string]string
	// slabs hold the stored relations (see slabs).
	slabs slabs
	// derived caches whole-graph aggregates between changes (see derived).
	derived derivedCache
}

func newGraph() *graph {
	g := &graph{
		nodes:       map[ecosystem.NodeKey]*node{},
		rels:        map[string]*ecosystem.Relation{},
		byType:      map[ecosystem.NodeType]map[string]*node{},
		postings:    map[string][]int32{},
		redirects:   map[ecosystem.NodeKey]ecosystem.NodeKey{},
		identifiers: map[string]*node{},
		relTypes:    map[ecosystem.RelationType]ecosystem.RelationType{},
		strs:        map[string]string{},
	}
	for _, t := range ecosystem.AllNodeTypes {
		g.byType[t] = map[string]*node{}
	}
	for _, t := range ecosystem.AllRelationTypes() {
		g.relTypes[t] = t
	}
	return g
}

// reserve sizes an empty graph's maps for the given numbers of nodes and relations, so that
// loading a snapshot does not rehash them over and over as they grow.
func (g *graph) reserve(nodes, rels int) {
	if len(g.nodes) > 0 || len(g.rels) > 0 {
		return
	}
	g.nodes = make(map[ecosystem.NodeKey]*node, nodes)
	g.rels = make(map[string]*ecosystem.Relation, rels)
}

// searchNames lists every form of a node's name that search should find.
func searchNames(n ecosystem.Node) []string {
	names := n.Common().Names()
	if p, ok := n.(*ecosystem.Place); ok && p.NameEn != "" {
		names = append(names, p.NameEn)
	}
	return names
}

// putNode inserts or replaces a node, keeping its relations.
func (g *graph) putNode(n ecosystem.Node) (created bool) {
	names, sortName := analyse(n)
	return g.putAnalysedNode(n, names, sortName)
}

// analyse works out what search and ordering need from a node's names.
func analyse(n ecosystem.Node) (names []polish.Name, sortName string) {
	return polish.AnalyseNames(searchNames(n)), polish.SortName(n.Common().Name)
}

// putAnalysedNode is putNode with the node's names already analysed (see analyse).
func (g *graph) putAnalysedNode(n ecosystem.Node, names []polish.Name, sortName string) (created bool) {
	g.changed()
	k := n.Key()
	delete(g.redirects, k) // an id given a node again no longer redirects
	rec, ok := g.nodes[k]
	if ok {
		g.unindexIdentifiers(rec)
	} else {
		rec = &node{key: k, gid: k.GlobalID(), ord: g.nextOrd}
		g.nextOrd++
		g.byOrd = append(g.byOrd, rec)
		g.summaries = append(g.summaries, summary{})
		g.nodes[k] = rec
		g.byType[k.Type][k.Slug] = rec
	}
	if o, isOrg := n.(*ecosystem.Organisation); isOrg {
		o.Voivodeship = "" // derived on read, never stored
	}
	rec.n = n
	g.summaries[rec.ord] = summarise(k.Type, names)
	if !ok {
		// A new node has the highest ord: its terms are appended.
		for _, name := range names {
			for _, t := range indexTerms(name) {
				g.addPosting(t, rec.ord)
			}
		}
		rec.names = names
		rec.sortName = sortName
		g.indexIdentifiers(rec)
		return true
	}
	// Only the terms that changed move: most updates (contacts, citations) keep the names,
	// and a long posting list costs a copy per insertion or removal.
	before := termSet(rec.names)
	after := termSet(names)
	for t := range before {
		if !after[t] {
			g.removePosting(t, rec.ord)
		}
	}
	for t := range after {
		if !before[t] {
			g.addPosting(t, rec.ord)
		}
	}
	rec.names = names
	rec.sortName = sortName
	g.indexIdentifiers(rec)
	return false
}

func (g *graph) indexIdentifiers(rec *node) {
	if o, ok := rec.n.(*ecosystem.Organisation); ok {
		for _, id := range o.Identifiers {
			g.identifiers[id.Key()] = rec
		}
	}
}

func (g *graph) unindexIdentifiers(rec *node) {
	if o, ok := rec.n.(*ecosystem.Organisation); ok {
		for _, id := range o.Identifiers {
			if g.identifiers[id.Key()] == rec {
				delete(g.identifiers, id.Key())
			}
		}
	}
}

// unindex removes a node from the identifier and term indexes.
func (g *graph) unindex(rec *node) {
	g.unindexIdentifiers(rec)
	for t := range termSet(rec.names) {
		g.removePosting(t, rec.ord)
	}
}

// summary is what a search reads of a candidate by its ord, without following a pointer:
// its type's index in ecosystem.AllNodeTypes, and polish.TermCounts of its names (at most 255).
type summary struct {
	typ, nameTerms, aliasTerms uint8
}

func summarise(t ecosystem.NodeType, names []polish.Name) summary {
	name, alias := polish.TermCounts(names)
	return summary{typ: uint8(typeIndex(t)), nameTerms: uint8(min(name, 255)), aliasTerms: uint8(min(alias, 255))}
}

// typeIndex is t's position in ecosystem.AllNodeTypes.
func typeIndex(t ecosystem.NodeType) int { return slices.Index(ecosystem.AllNodeTypes, t) }

// termSet is the set of terms names are indexed under (indexTerms).
func termSet(names []polish.Name) map[string]bool {
	set := make(map[string]bool, 8*len(names))
	for _, name := range names {
		for _, t := range indexTerms(name) {
			set[t] = true
		}
	}
	return set
}

// addPosting adds ord to term t's posting list, keeping it in order.
func (g *graph) addPosting(t string, ord int32) {
	list, ok := g.postings[t]
	if !ok {
		g.terms = nil
	}
	if n := len(list); n == 0 || list[n-1] < ord {
		g.postings[t] = append(list, ord)
		return
	}
	if list[len(list)-1] == ord {
		return // a term the node's names repeat
	}
	if i, found := slices.BinarySearch(list, ord); !found {
		g.postings[t] = slices.Insert(list, i, ord)
	}
}

// removePosting removes ord from term t's posting list, and the term once no node has it.
func (g *graph) removePosting(t string, ord int32) {
	list := g.postings[t]
	i, found := slices.BinarySearch(list, ord)
	if !found {
		return
	}
	if len(list) == 1 {
		delete(g.postings, t)
		g.terms = nil
		return
	}
	g.postings[t] = slices.Delete(list, i, i+1)
}

// indexTerms are the terms a name is indexed under: its terms and their alternated variants
// (polish.IndexTerms).
func indexTerms(name polish.Name) []string {
	out := name.Terms
	for _, t := range name.Terms {
		if v := polish.Variants(t); len(v) > 0 {
			if len(out) == len(name.Terms) {
				out = append([]string(nil), name.Terms...)
			}
			out = append(out, v...)
		}
	}
	return out
}

// lookup finds a node by key, following a merge redirect.
func (g *graph) lookup(k ecosystem.NodeKey) (*node, bool) {
	if rec, ok := g.nodes[k]; ok {
		return rec, true
	}
	if to, ok := g.redirects[k]; ok {
		rec, ok := g.nodes[to]
		return rec, ok
	}
	return nil, false
}

// merge folds one node into another (see store.Merge) and returns what it did.
func (g *graph) merge(m store.Merge) store.ApplyResult {
	g.changed()
	var res store.ApplyResult
	survivor, merged := g.nodes[m.Survivor], g.nodes[m.Merged]
	plan := store.PlanMerge(survivor.n, merged.n, slices.Concat(survivor.out, survivor.in), slices.Concat(merged.out, merged.in))
	for _, id := range plan.DeleteRelations {
		if g.deleteRelation(id) {
			res.RelationsDeleted++
		}
	}
	// Ids merged into the merged node follow it to the survivor before it is deleted (deleting
	// a node drops the redirects that still point to it).
	for from, to := range g.redirects {
		if to == m.Merged {
			g.redirects[from] = m.Survivor
		}
	}
	g.deleteNode(m.Merged)
	g.putNode(plan.Survivor)
	for _, r := range plan.PutRelations {
		if g.putRelation(r) {
			res.RelationsCreated++
		} else {
			res.RelationsUpdated++
		}
	}
	g.redirects[m.Merged] = m.Survivor
	res.NodesMerged++
	res.NodesDeleted++
	res.NodesUpdated++
	return res
}

// deleteNode removes a node and every relation it takes part in.
func (g *graph) deleteNode(k ecosystem.NodeKey) (relsDeleted int) {
	g.changed()
	rec, ok := g.nodes[k]
	if !ok {
		return 0
	}
	// Ids merged into this node go with it; re-creating one must not bring the others back.
	for from, to := range g.redirects {
		if to == k {
			delete(g.redirects, from)
		}
	}
	for _, r := range slices.Concat(rec.out, rec.in) {
		if _, ok := g.rels[r.ID]; ok {
			g.deleteRelation(r.ID)
			relsDeleted++
		}
	}
	g.unindex(rec)
	g.byOrd[rec.ord] = nil
	delete(g.nodes, k)
	delete(g.byType[k.Type], k.Slug)
	return relsDeleted
}

// putRelation inserts or replaces a relation; both ends must exist.
func (g *graph) putRelation(r *ecosystem.Relation) (created bool) {
	return g.putRelationBetween(r, g.nodes[r.From], g.nodes[r.To])
}

// putRelationBetween is putRelation with the stored ends already looked up.
func (g *graph) putRelationBetween(r *ecosystem.Relation, from, to *node) (created bool) {
	g.changed()
	r = g.slabs.relation(r)
	g.canonical(r, from, to)
	if old, ok := g.rels[r.ID]; ok {
		replace(from.out, old, r)
		replace(to.in, old, r)
		g.rels[r.ID] = r
		return false
	}
	g.rels[r.ID] = r
	from.out = append(from.out, r)
	from.outTo = append(from.outTo, to)
	to.in = append(to.in, r)
	to.inFrom = append(to.inFrom, from)
	return true
}

// maxInterned is the longest string canonical shares between relations.
const maxInterned = 64

// canonical makes a stored relation share strings with the rest of the graph instead of
// holding copies of its own: its type is the model's constant, its ends are the keys of the
// stored nodes, and its short strings (source slugs, locators, titles, topics) are one copy
// each. A million relations decoded from JSON otherwise keep about seven million small
// strings alive, and the garbage collector's marking time grows with the number of objects.
func (g *graph) canonical(r *ecosystem.Relation, from, to *node) {
	if t, ok := g.relTypes[r.Type]; ok {
		r.Type = t
	}
	r.From, r.To = from.key, to.key
	r.Title = g.intern(r.Title)
	r.Topic = g.intern(r.Topic)
	for i := range r.Sources {
		c := &r.Sources[i]
		if src, ok := g.byType[ecosystem.NodeSource][c.Source]; ok {
			c.Source = src.key.Slug
		}
		c.Locator = g.intern(c.Locator)
	}
}

// intern returns the graph's copy of a short string.
func (g *graph) intern(s string) string {
	if s == "" || len(s) > maxInterned {
		return s
	}
	if c, ok := g.strs[s]; ok {
		return c
	}
	g.strs[s] = s
	return s
}

func replace(list []*ecosystem.Relation, old, r *ecosystem.Relation) {
	for i, x := range list {
		if x == old {
			list[i] = r
			return
		}
	}
}

// deleteRelation removes a relation from the graph and from its ends' adjacency.
func (g *graph) deleteRelation(id string) bool {
	g.changed()
	r, ok := g.rels[id]
	if !ok {
		return false
	}
	delete(g.rels, id)
	if from, ok := g.nodes[r.From]; ok {
		from.out, from.outTo = without(from.out, from.outTo, r)
	}
	if to, ok := g.nodes[r.To]; ok {
		to.in, to.inFrom = without(to.in, to.inFrom, r)
	}
	return true
}

// without removes relation r from an adjacency list and its aligned list of other ends.
func without(rels []*ecosystem.Relation, ends []*node, r *ecosystem.Relation) ([]*ecosystem.Relation, []*node) {
	i := slices.Index(rels, r)
	if i < 0 {
		return rels, ends
	}
	return slices.Delete(rels, i, i+1), slices.Delete(ends, i, i+1)
}

// refreshTerms rebuilds the sorted list of posting keys when writes have made it stale. It
// modifies the graph, so it runs under the write lock, at the end of every change set: readers
// share the read lock and must never write (rebuilding lazily on read raced, and a concurrent
// reader could see a half-built list and miss every prefix match).
func (g *graph) refreshTerms() {
	if g.terms != nil {
		return
	}
	terms := make([]string, 0, len(g.postings))
	deletions := make(map[string][]string, len(g.postings))
	for t := range g.postings {
		terms = append(terms, t)
		// Terms one edit from a query term of minFuzzy letters have at least minFuzzy-1.
		if len(t) >= 5 {
			for _, d := range polish.Deletions(t) {
				deletions[d] = append(deletions[d], t)
			}
		}
	}
	sort.Strings(terms)
	g.terms = terms
	g.deletions = deletions
}

// fuzzyTerms returns the indexed terms one edit from t (polish.OneEdit): those that share t or
// one of its deletions in the deletion index.
func (g *graph) fuzzyTerms(t string) []string {
	var out []string
	seen := map[string]bool{}
	check := func(cands []string) {
		for _, c := range cands {
			if !seen[c] && polish.OneEdit(t, c) {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	check(g.deletions[t])
	if _, ok := g.postings[t]; ok {
		check([]string{t})
	}
	for _, d := range polish.Deletions(t) {
		check(g.deletions[d])
		if _, ok := g.postings[d]; ok {
			check([]string{d})
		}
	}
	return out
}

// sortedTerms returns the posting keys in order, as of the last change set.
func (g *graph) sortedTerms() []string { return g.terms }

// typeSet turns a list of relation types into a set; nil (all types) when empty.
func typeSet(types []ecosystem.RelationType) map[ecosystem.RelationType]bool {
	if len(types) == 0 {
		return nil
	}
	s := make(map[ecosystem.RelationType]bool, len(types))
	for _, t := range types {
		s[t] = true
	}
	return s
}

// edge is a relation seen from one of its ends.
type edge struct {
	rel   *ecosystem.Relation
	other *node
	out   bool // the relation points away from the node it was read from
}

// edges returns a node's relations in the contract's order: type, other end's global id, id.
// types nil means all types.
func (g *graph) edges(rec *node, dir ecosystem.Direction, types map[ecosystem.RelationType]bool) []edge {
	var out []edge
	if dir != ecosystem.DirIn {
		for i, r := range rec.out {
			if types == nil || types[r.Type] {
				out = append(out, edge{rel: r, other: rec.outTo[i], out: true})
			}
		}
	}
	if dir != ecosystem.DirOut {
		for i, r := range rec.in {
			if types == nil || types[r.Type] {
				out = append(out, edge{rel: r, other: rec.inFrom[i], out: false})
			}
		}
	}
	slices.SortFunc(out, func(a, b edge) int {
		return cmp.Or(
			strings.Compare(string(a.rel.Type), string(b.rel.Type)),
			strings.Compare(a.other.gid, b.other.gid),
			strings.Compare(a.rel.ID, b.rel.ID),
		)
	})
	return out
}

// neighbours returns the other ends of a node's relations of the given types in one direction,
// without sorting: for traversals that order their results themselves.
func (g *graph) neighbours(rec *node, dir ecosystem.Direction, types ...ecosystem.RelationType) []*node {
	var out []*node
	if dir != ecosystem.DirIn {
		for i, r := range rec.out {
			if len(types) == 0 || slices.Contains(types, r.Type) {
				out = append(out, rec.outTo[i])
			}
		}
	}
	if dir != ecosystem.DirOut {
		for i, r := range rec.in {
			if len(types) == 0 || slices.Contains(types, r.Type) {
				out = append(out, rec.inFrom[i])
			}
		}
	}
	return out
}

// each calls f with the other end of every relation of u whose type is in types (all types when
// nil), ignoring direction, in no particular order: for traversals that order what they find
// themselves, so that they neither allocate nor sort a hub's thousands of relations.
func (g *graph) each(u *node, types map[ecosystem.RelationType]bool, f func(other *node)) {
	for i, r := range u.out {
		if types == nil || types[r.Type] {
			f(u.outTo[i])
		}
	}
	for i, r := range u.in {
		if types == nil || types[r.Type] {
			f(u.inFrom[i])
		}
	}
}

// placeWithin reports whether place p is target or lies within it (WITHIN, transitively).
func (g *graph) placeWithin(p *node, target ecosystem.NodeKey) bool {
	frontier := []*node{p}
	seen := map[*node]bool{p: true}
	for depth := 0; depth <= ecosystem.MaxPlaceDepth && len(frontier) > 0; depth++ {
		var next []*node
		for _, x := range frontier {
			if x.n.Key() == target {
				return true
			}
			for _, up := range g.neighbours(x, ecosystem.DirOut, ecosystem.RelWithin) {
				if !seen[up] {
					seen[up] = true
					next = append(next, up)
				}
			}
		}
		frontier = next
	}
	return false
}

// voivodeshipOfPlace returns the slug of the nearest voivodeship containing p (p included);
// among several at the same distance, the one with the smallest global id.
func (g *graph) voivodeshipOfPlace(p *node) string {
	frontier := []*node{p}
	seen := map[*node]bool{p: true}
	for depth := 0; depth <= ecosystem.MaxPlaceDepth && len(frontier) > 0; depth++ {
		best := ""
		var next []*node
		for _, x := range frontier {
			if pl, ok := x.n.(*ecosystem.Place); ok && pl.Kind == ecosystem.PlaceVoivodeship {
				if best == "" || x.gid < "Place:"+best {
					best = pl.Slug
				}
			}
			for _, up := range g.neighbours(x, ecosystem.DirOut, ecosystem.RelWithin) {
				if !seen[up] {
					seen[up] = true
					next = append(next, up)
				}
			}
		}
		if best != "" {
			return best
		}
		frontier = next
	}
	return ""
}

// placesOf returns the targets of an organisation's relations of type t, by global id.
func (g *graph) placesOf(rec *node, t ecosystem.RelationType) []*node {
	ps := g.neighbours(rec, ecosystem.DirOut, t)
	slices.SortFunc(ps, func(a, b *node) int { return strings.Compare(a.gid, b.gid) })
	return ps
}

// voivodeshipOf derives an organisation's voivodeship: from its seats first (by global id),
// then from the areas it serves.
func (g *graph) voivodeshipOf(rec *node) string {
	return g.voivodeshipOfMemo(rec, nil)
}

// voivodeshipOfMemo is voivodeshipOf remembering each place's voivodeship in memo (when not
// nil), for working out many organisations' at once: they share their places.
func (g *graph) voivodeshipOfMemo(rec *node, memo map[*node]string) string {
	for _, t := range []ecosystem.RelationType{ecosystem.RelLocatedIn, ecosystem.RelServesArea} {
		for _, p := range g.placesOf(rec, t) {
			v, ok := memo[p]
			if !ok {
				v = g.voivodeshipOfPlace(p)
				if memo != nil {
					memo[p] = v
				}
			}
			if v != "" {
				return v
			}
		}
	}
	return ""
}

// orgWithin reports whether an organisation's seat or one of its served areas lies within the
// target place.
func (g *graph) orgWithin(rec *node, target ecosystem.NodeKey) bool {
	for _, p := range g.neighbours(rec, ecosystem.DirOut, ecosystem.RelLocatedIn, ecosystem.RelServesArea) {
		if g.placeWithin(p, target) {
			return true
		}
	}
	return false
}

// seatPoint returns the coordinates of the organisation's first seat (by global id) that has
// them.
func (g *graph) seatPoint(rec *node) *ecosystem.GeoPoint {
	var best *node
	for i, r := range rec.out {
		if r.Type != ecosystem.RelLocatedIn {
			continue
		}
		p := rec.outTo[i]
		if pl, ok := p.n.(*ecosystem.Place); ok && pl.Point != nil && (best == nil || p.gid < best.gid) {
			best = p
		}
	}
	if best == nil {
		return nil
	}
	return best.n.(*ecosystem.Place).Point
}

// degree is the number of relations a node takes part in.
func (rec *node) degree() int { return len(rec.out) + len(rec.in) }

// copyOut returns a copy of a stored node for a caller, with derived fields filled in.
func (g *graph) copyOut(rec *node) ecosystem.Node {
	c := ecosystem.CloneNode(rec.n)
	if o, ok := c.(*ecosystem.Organisation); ok {
		o.Voivodeship = g.cachedVoivodeship(rec)
	}
	return c
}
