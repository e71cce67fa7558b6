package neo4j

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/geo"
	"github.com/wtz-graph/kg/store"
)

// relBrief is the Cypher map of a relation's type and citations, for evidence rows.
func relBrief(v string) string {
	return fmt.Sprintf("CASE WHEN %[1]s IS NULL THEN null ELSE {type: type(%[1]s), sources: %[1]s.sources} END", v)
}

// PartnerEvidence is the union of Cypher branches that finds the partnership evidence of
// organisation x, one branch per rule of ecosystem.PartnershipRules (two for a direct one):
// rows of kind, partner p, via, and the relations mine and theirs. Labels and relationship
// types come from the table; the depth of the PART_OF walks from ecosystem.MaxEventDepth.
var PartnerEvidence = func() string {
	var branches []string
	for _, rule := range ecosystem.PartnershipRules {
		mine, theirs := relUnion(rule.Mine), relUnion(rule.Theirs)
		via := ""
		if rule.Via != "" {
			via = ":" + label(rule.Via)
		}
		ret := fmt.Sprintf("RETURN '%s' AS kind, p, via, mine, theirs", rule.Kind)
		switch rule.Join {
		case ecosystem.JoinShared:
			branches = append(branches, fmt.Sprintf("MATCH (x)-[mine:%s]->(via%s)<-[theirs:%s]-(p:Organisation) WHERE p <> x %s", mine, via, theirs, ret))
		case ecosystem.JoinSessions:
			branches = append(branches, fmt.Sprintf("MATCH (x)-[mine:%s]->(:Event)<-[:PART_OF*0..%s]-(via%s)<-[theirs:%s]-(p:Organisation) WHERE p <> x %s", mine, eventDepth, via, theirs, ret))
		case ecosystem.JoinParents:
			branches = append(branches, fmt.Sprintf("MATCH (x)-[mine:%s]->(via%s)-[:PART_OF*0..%s]->(:Event)<-[theirs:%s]-(p:Organisation) WHERE p <> x %s", mine, via, eventDepth, theirs, ret))
		case ecosystem.JoinDirect:
			branches = append(branches,
				fmt.Sprintf("MATCH (x)-[mine:%s]->(p:Organisation) WHERE p <> x RETURN '%s' AS kind, p, p AS via, mine, null AS theirs", mine, rule.Kind),
				fmt.Sprintf("MATCH (x)<-[theirs:%s]-(p:Organisation) WHERE p <> x RETURN '%s' AS kind, p, p AS via, null AS mine, theirs", theirs, rule.Kind))
		}
	}
	return "\n\t\t\t" + strings.Join(branches, "\n\t\t\tUNION ALL\n\t\t\t") + "\n"
}()

// relUnion writes relation types as a Cypher type union; they come from the domain's table.
func relUnion(types []ecosystem.RelationType) string {
	parts := make([]string, len(types))
	for i, t := range types {
		parts[i] = string(t)
	}
	return strings.Join(parts, "|")
}

// partnersQuery finds every piece of partnership evidence of organisation $gid in one query;
// see store.Store.Partners for the kinds. It answers one row when the organisation exists
// (with its evidence, perhaps none) and no row when it does not, so that no separate existence
// check costs a round trip.
var partnersQuery = `
	MATCH (x:Organisation {gid: $gid})
	CALL (x) {
		CALL (x) {` + PartnerEvidence + `		}
		RETURN collect({kind: kind, partner: p.gid, sortName: p.sortName, via: via.gid, mine: ` + relBrief("mine") + `, theirs: ` + relBrief("theirs") + `}) AS rows
	}
	RETURN rows`

// Partners implements store.Store: Cypher finds the evidence, the shared accumulator removes
// repeats and orders it.
func (s *Store) Partners(ctx context.Context, q store.PartnerQuery) ([]ecosystem.Partnership, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	recs, err := s.read(ctx, partnersQuery, map[string]any{"gid": q.Of.GlobalID()})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, store.NotFoundf("%s does not exist", q.Of)
	}
	acc := store.NewPartnerAccumulator(q.Of, q.Kinds)
	sortNames := map[ecosystem.NodeKey]string{}
	rows, _ := get(recs[0], "rows").([]any)
	for _, v := range rows {
		row, _ := v.(map[string]any)
		partner, err := keyOf(row["partner"])
		if err != nil {
			return nil, err
		}
		via, err := keyOf(row["via"])
		if err != nil {
			return nil, err
		}
		mine, err := briefRel(row["mine"])
		if err != nil {
			return nil, err
		}
		theirs, err := briefRel(row["theirs"])
		if err != nil {
			return nil, err
		}
		sortNames[partner] = str(row["sortName"])
		acc.Add(ecosystem.PartnershipKind(str(row["kind"])), partner, via, mine, theirs)
	}
	return acc.Result(func(k ecosystem.NodeKey) string { return sortNames[k] }, q.Limit), nil
}

// briefRel decodes a relBrief map: a relation with only its type and citations.
func briefRel(v any) (*ecosystem.Relation, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, nil
	}
	cs, err := citations(m["sources"])
	if err != nil {
		return nil, err
	}
	return &ecosystem.Relation{Type: ecosystem.RelationType(str(m["type"])), Sources: cs}, nil
}

// mustExist returns ErrNotFound unless the node exists.
func (s *Store) mustExist(ctx context.Context, k ecosystem.NodeKey) error {
	found, err := s.exists(ctx, []ecosystem.NodeKey{k})
	if err != nil {
		return err
	}
	if !found[k] {
		return store.NotFoundf("%s does not exist", k)
	}
	return nil
}

// Hosts implements store.Store. Cypher selects the candidates (kinds, region, and with a radius
// a point.distance pre-filter on the seat) and returns their evidence rows; the shared rules
// build the reasons, score and rank them, with the distance computed as the embedded store does.
func (s *Store) Hosts(ctx context.Context, q store.HostQuery) ([]ecosystem.HostMatch, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	if q.Within != nil {
		if err := s.mustExist(ctx, *q.Within); err != nil {
			return nil, err
		}
	}
	params := map[string]any{}
	where := []string{"true"}
	if len(q.Kinds) > 0 {
		where = append(where, "o.kind IN $kinds")
		params["kinds"] = kindStrings(q.Kinds)
	}
	if q.Within != nil {
		where = append(where, "EXISTS { MATCH (o)-[:LOCATED_IN|SERVES_AREA]->(:Place)-[:WITHIN*0.."+placeDepth+"]->(:Place {gid: $within}) }")
		params["within"] = q.Within.GlobalID()
	}
	if len(q.Themes) > 0 {
		where = append(where, themeEvidence)
		params["themes"] = themeStrings(q.Themes)
	} else if !store.ListsWithoutEvidence(q) {
		where = append(where, "EXISTS { MATCH (o)-[:"+relUnion(slices.Concat(ecosystem.HostPracticeRoles, ecosystem.HostEventRoles))+"]->() }")
	}
	if q.Near != nil && q.RadiusKm > 0 {
		where = append([]string{seatWithin(params, *q.Near, q.RadiusKm)}, where...)
	}
	recs, err := s.read(ctx, `
		MATCH (o:Organisation) WHERE `+strings.Join(where, " AND ")+`
		CALL (o) {
			MATCH (o)-[r:`+relUnion(ecosystem.HostPracticeRoles)+`]->(p:Practice)
			RETURN collect({type: type(r), sources: r.sources, target: p.gid, themes: p.themes, showcased: []}) AS a
		}
		CALL (o) {
			MATCH (o)-[r:`+relUnion(ecosystem.HostEventRoles)+`]->(e:Event)
			OPTIONAL MATCH (e)-[sc:SHOWCASED]->(p:Practice)
			WITH r, e, collect(CASE WHEN p IS NULL THEN null ELSE {practice: p.gid, themes: p.themes, sources: sc.sources} END) AS shown
			RETURN collect({type: type(r), sources: r.sources, target: e.gid, themes: e.themes, showcased: shown}) AS b
		}
		RETURN o.gid AS gid, o.sortName AS sortName, o.seat AS seat, a + b AS rows`, params)
	if err != nil {
		return nil, err
	}
	sortNames := map[ecosystem.NodeKey]string{}
	var ms []ecosystem.HostMatch
	for _, rec := range recs {
		k, err := keyOf(get(rec, "gid"))
		if err != nil {
			return nil, err
		}
		rows, err := evidenceRows(get(rec, "rows"))
		if err != nil {
			return nil, err
		}
		reasons := store.HostReasons(rows, q.Themes)
		if len(reasons) == 0 && !store.ListsWithoutEvidence(q) {
			continue
		}
		m := ecosystem.HostMatch{Organisation: k, Reasons: reasons}
		if q.Near != nil {
			if pt, ok := get(rec, "seat").(neo4j.Point2D); ok {
				d := geo.DistanceKm(*q.Near, ecosystem.GeoPoint{Lat: pt.Y, Lon: pt.X})
				m.DistanceKm = &d
			}
			if q.RadiusKm > 0 && (m.DistanceKm == nil || *m.DistanceKm > q.RadiusKm) {
				continue
			}
		}
		m.Score, m.Themes = store.ScoreHost(reasons, q.Themes)
		sortNames[k] = str(get(rec, "sortName"))
		ms = append(ms, m)
	}
	return store.RankHosts(ms, func(k ecosystem.NodeKey) string { return sortNames[k] }, q.Limit), nil
}

func evidenceRows(v any) ([]store.EvidenceRow, error) {
	list, _ := v.([]any)
	out := make([]store.EvidenceRow, 0, len(list))
	for _, x := range list {
		m, _ := x.(map[string]any)
		target, err := keyOf(m["target"])
		if err != nil {
			return nil, err
		}
		sources, err := citations(m["sources"])
		if err != nil {
			return nil, err
		}
		row := store.EvidenceRow{RelType: ecosystem.RelationType(str(m["type"])), RelSources: sources, Target: target, TargetThemes: themesOf(m["themes"])}
		shown, _ := m["showcased"].([]any)
		for _, y := range shown {
			sm, _ := y.(map[string]any)
			pk, err := keyOf(sm["practice"])
			if err != nil {
				return nil, err
			}
			scs, err := citations(sm["sources"])
			if err != nil {
				return nil, err
			}
			row.Showcased = append(row.Showcased, store.Showcase{Practice: pk, Themes: themesOf(sm["themes"]), Sources: scs})
		}
		out = append(out, row)
	}
	return out, nil
}

// Paths implements store.Store with allShortestPaths on the server, ignoring direction; the
// paths are put in the contract's order in Go.
func (s *Store) Paths(ctx context.Context, q store.PathQuery) ([]ecosystem.Path, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	if q.From == q.To {
		if err := s.mustExist(ctx, q.From); err != nil {
			return nil, err
		}
		return []ecosystem.Path{{Nodes: []ecosystem.NodeKey{q.From}, Hops: []ecosystem.Hop{}}}, nil
	}
	types, err := relTypes(q.Types)
	if err != nil {
		return nil, err
	}
	if types != "" {
		types = ":" + types
	}
	// maxHops is an int bounded by the caller; var-length bounds cannot be parameters. Both
	// ends exist when a row comes back (with a null path when none is short enough), so no
	// separate existence check costs a round trip.
	recs, err := s.read(ctx, fmt.Sprintf(`
		MATCH (a:Entity {gid: $from}), (b:Entity {gid: $to})
		OPTIONAL MATCH p = allShortestPaths((a)-[%s*..%d]-(b))
		RETURN [n IN nodes(p) | n.gid] AS nodes, [r IN relationships(p) | %s] AS rels`, types, q.MaxHops, relMap("r")),
		map[string]any{"from": q.From.GlobalID(), "to": q.To.GlobalID()})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		for _, k := range []ecosystem.NodeKey{q.From, q.To} {
			if err := s.mustExist(ctx, k); err != nil {
				return nil, err
			}
		}
	}
	paths := make([]ecosystem.Path, 0, len(recs))
	for _, rec := range recs {
		if get(rec, "nodes") == nil {
			continue // both ends exist, no path is short enough
		}
		var p ecosystem.Path
		for _, g := range strs(get(rec, "nodes")) {
			k, err := ecosystem.ParseGlobalID(g)
			if err != nil {
				return nil, err
			}
			p.Nodes = append(p.Nodes, k)
		}
		rels, _ := get(rec, "rels").([]any)
		for i, v := range rels {
			r, err := decodeRel(v)
			if err != nil {
				return nil, err
			}
			h := ecosystem.Hop{From: p.Nodes[i], To: p.Nodes[i+1], Relation: r, Direction: ecosystem.DirOut}
			if r.From != h.From {
				h.Direction = ecosystem.DirIn
			}
			p.Hops = append(p.Hops, h)
		}
		paths = append(paths, p)
	}
	slices.SortFunc(paths, func(a, b ecosystem.Path) int {
		for i := range min(len(a.Hops), len(b.Hops)) {
			if c := cmp.Or(strings.Compare(a.Hops[i].To.GlobalID(), b.Hops[i].To.GlobalID()),
				strings.Compare(a.Hops[i].Relation.ID, b.Hops[i].Relation.ID)); c != 0 {
				return c
			}
		}
		return cmp.Compare(len(a.Hops), len(b.Hops))
	})
	if len(paths) > q.Limit {
		paths = paths[:q.Limit]
	}
	return paths, nil
}

// Neighbourhood implements store.Store: one query per layer finds the next layer's nodes on
// the server; whole layers are kept in global-id order until the limit; one more query reads
// the relations among the kept nodes.
func (s *Store) Neighbourhood(ctx context.Context, q store.NeighbourhoodQuery) (*ecosystem.Neighbourhood, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	pattern, err := relPattern("r", q.Types)
	if err != nil {
		return nil, err
	}
	// One query: a subquery per layer, up to the depth asked, each keeping the lowest global
	// ids that fit under the limit (the order the contract gives), then the relations among
	// the kept nodes. The nodes travel as nodes, not ids: a node that a concurrent write has
	// just created can be reached through its relation before the id index shows it, and the
	// query must not find it one way and miss it the other.
	var b strings.Builder
	b.WriteString(`
		MATCH (c:Entity {gid: $center})
		WITH [c] AS kept, [c] AS layer, false AS truncated, [] AS layers`)
	for range q.Depth {
		b.WriteString(`
		CALL (kept, layer, truncated) {
			UNWIND CASE WHEN truncated THEN [] ELSE layer END AS n
			MATCH (n)-` + pattern + `-(m)
			WHERE NOT m IN kept
			WITH DISTINCT m ORDER BY m.gid
			RETURN collect(m) AS next
		}
		WITH kept, next, truncated, layers, $limit - size(kept) AS room
		WITH kept + next[..room] AS kept, next[..room] AS layer, truncated OR size(next) > room AS truncated, layers + [[x IN next[..room] | x.gid]] AS layers`)
	}
	b.WriteString(`
		CALL (kept) {
			UNWIND kept AS a
			MATCH (a)-` + pattern + `->(b)
			WHERE b IN kept
			RETURN collect(` + relMap("r") + `) AS rels
		}
		RETURN layers, truncated, rels`)
	recs, err := s.read(ctx, b.String(), map[string]any{"center": q.Center.GlobalID(), "limit": q.Limit})
	if err != nil {
		return nil, err
	}
	if len(recs) == 0 {
		return nil, store.NotFoundf("%s does not exist", q.Center)
	}
	nb := &ecosystem.Neighbourhood{Center: q.Center, Nodes: []ecosystem.NeighbourhoodNode{{Node: q.Center}}, Relations: []*ecosystem.Relation{}}
	nb.Truncated, _ = get(recs[0], "truncated").(bool)
	layers, _ := get(recs[0], "layers").([]any)
	for i, l := range layers {
		gs, _ := l.([]any)
		for _, g := range gs {
			k, err := ecosystem.ParseGlobalID(str(g))
			if err != nil {
				return nil, err
			}
			nb.Nodes = append(nb.Nodes, ecosystem.NeighbourhoodNode{Node: k, Distance: i + 1})
		}
	}
	rels, _ := get(recs[0], "rels").([]any)
	for _, v := range rels {
		r, err := decodeRel(v)
		if err != nil {
			return nil, err
		}
		nb.Relations = append(nb.Relations, r)
	}
	slices.SortFunc(nb.Relations, func(a, b *ecosystem.Relation) int {
		return cmp.Or(strings.Compare(a.From.GlobalID(), b.From.GlobalID()),
			strings.Compare(string(a.Type), string(b.Type)),
			strings.Compare(a.To.GlobalID(), b.To.GlobalID()))
	})
	return nb, nil
}

// eventDates is a subquery giving event e's dates by ecosystem.InheritedDates: its own, or
// those of the nearest event it is part of that has them (nearest first, then by global id).
var eventDates = `
	CALL (e) {
		OPTIONAL MATCH path = (e)-[:PART_OF*0..` + eventDepth + `]->(a:Event) WHERE a.start IS NOT NULL
		RETURN a.start AS start, a.end AS end ORDER BY length(path), a.gid LIMIT 1
	}`

// timelineQueries lists, per node type, the Cypher that finds a node's timeline entries: rows of
// event e, relation r and an optional via node.
var timelineQueries = map[ecosystem.NodeType]string{
	ecosystem.NodePerson: `
		MATCH (x:Entity {gid: $gid})-[r:` + relUnion(ecosystem.EventRoles) + `]->(e:Event)
		RETURN e, r, null AS via`,
	ecosystem.NodeOrganisation: `
		MATCH (x:Entity {gid: $gid})
		CALL (x) {
			MATCH (x)-[r:` + relUnion(ecosystem.EventRoles) + `]->(e:Event)
			RETURN e, r, null AS via
			UNION ALL
			MATCH (x)<-[:HOLDS_POSITION|AFFILIATED_WITH]-(person:Person)
			WITH DISTINCT person
			MATCH (person)-[r:` + relUnion(ecosystem.EventRoles) + `]->(e:Event)
			RETURN e, r, person.gid AS via
		}
		RETURN e, r, via`,
	ecosystem.NodeProject:   `MATCH (x:Entity {gid: $gid})<-[r:PART_OF|FUNDED_BY]-(e:Event) RETURN e, r, null AS via`,
	ecosystem.NodeProgramme: `MATCH (x:Entity {gid: $gid})<-[r:PART_OF|FUNDED_BY]-(e:Event) RETURN e, r, null AS via`,
	ecosystem.NodeEvent:     `MATCH (x:Entity {gid: $gid})<-[r:PART_OF|FUNDED_BY]-(e:Event) RETURN e, r, null AS via`,
	ecosystem.NodePlace: `
		MATCH (x:Entity {gid: $gid})<-[:WITHIN*0..` + placeDepth + `]-(p:Place)
		WITH DISTINCT x, p
		MATCH (p)<-[r:HELD_IN]-(e:Event)
		RETURN e, r, CASE WHEN p = x THEN null ELSE p.gid END AS via`,
	ecosystem.NodePractice: `MATCH (x:Entity {gid: $gid})<-[r:SHOWCASED]-(e:Event) RETURN e, r, null AS via`,
}

// Timeline implements store.Store.
func (s *Store) Timeline(ctx context.Context, q store.TimelineQuery) ([]ecosystem.TimelineEntry, error) {
	if err := s.mustExist(ctx, q.Node); err != nil {
		return nil, err
	}
	query, ok := timelineQueries[q.Node.Type]
	if !ok {
		return []ecosystem.TimelineEntry{}, nil
	}
	recs, err := s.read(ctx, `CALL () {`+query+`}
		WITH e, r, via`+eventDates+`
		RETURN e.gid AS event, type(r) AS role, r.topic AS topic, r.sources AS sources, via, start, end`,
		map[string]any{"gid": q.Node.GlobalID()})
	if err != nil {
		return nil, err
	}
	entries := make([]ecosystem.TimelineEntry, 0, len(recs))
	for _, rec := range recs {
		ev, err := keyOf(get(rec, "event"))
		if err != nil {
			return nil, err
		}
		e := ecosystem.TimelineEntry{Event: ev, Role: ecosystem.RelationType(str(get(rec, "role"))), Topic: str(get(rec, "topic"))}
		if e.Sources, err = citations(get(rec, "sources")); err != nil {
			return nil, err
		}
		if v := str(get(rec, "via")); v != "" {
			k, err := ecosystem.ParseGlobalID(v)
			if err != nil {
				return nil, err
			}
			e.Via = &k
		}
		if e.Start, err = partialDate(get(rec, "start")); err != nil {
			return nil, err
		}
		if e.End, err = partialDate(get(rec, "end")); err != nil {
			return nil, err
		}
		entries = append(entries, e)
	}
	return store.FinishTimeline(entries, q.From, q.To), nil
}

// statsCounts counts nodes by type and relations by type, one count per label and per
// relationship type written from the domain's tables (ecosystem.AllNodeTypes,
// AllRelationTypes): Neo4j answers each from its count store instead of scanning every node and
// relationship (1.4 s at national scale before).
var statsCounts = func() string {
	var b strings.Builder
	var nodes, rels []string
	for i, t := range ecosystem.AllNodeTypes {
		fmt.Fprintf(&b, "CALL () { MATCH (n:%s) RETURN count(n) AS n%d }\n", label(t), i)
		nodes = append(nodes, fmt.Sprintf("{k: '%s', c: n%d}", t, i))
	}
	for i, t := range ecosystem.AllRelationTypes() {
		fmt.Fprintf(&b, "CALL () { MATCH ()-[r:%s]->() RETURN count(r) AS r%d }\n", t, i)
		rels = append(rels, fmt.Sprintf("{k: '%s', c: r%d}", t, i))
	}
	fmt.Fprintf(&b, "WITH [%s] AS nodes, [%s] AS rels\n", strings.Join(nodes, ", "), strings.Join(rels, ", "))
	return b.String()
}()

// Stats implements store.Store in one query. Every part of it reads an index or a count store,
// never a node: kinds and voivodeships group the entries of their property indexes, the
// organisations without a voivodeship are the rest of the label's count, and the most
// connected come in the order of the degree index (degree.go).
func (s *Store) Stats(ctx context.Context, q store.StatsQuery) (*ecosystem.Stats, error) {
	if err := q.Check(); err != nil {
		return nil, err
	}
	recs, err := s.read(ctx, statsCounts+`
		CALL () {
			MATCH (o:Organisation) WHERE o.kind IS NOT NULL
			WITH o.kind AS k, count(*) AS c RETURN collect({k: k, c: c}) AS kinds
		}
		CALL () {
			MATCH (o:Organisation) WHERE o.voivodeship IS NOT NULL
			WITH o.voivodeship AS k, count(*) AS c RETURN collect({k: k, c: c}) AS placed
		}
		CALL () { MATCH (o:Organisation) RETURN count(o) AS organisations }
		CALL () {
			MATCH (o:Organisation) WHERE o.degree >= 0
			WITH o ORDER BY o.degree DESC, o.sortName, o.gid
			LIMIT $top
			RETURN collect({gid: o.gid, degree: o.degree}) AS top
		}
		WITH nodes, rels, kinds, top,
			placed + [{k: $none, c: organisations - reduce(n = 0, x IN placed | n + x.c)}] AS voivodeships
		RETURN nodes, rels, kinds, voivodeships, top`,
		map[string]any{"none": store.NoVoivodeship, "top": q.Top})
	if err != nil {
		return nil, err
	}
	rec := recs[0]
	counts := func(key string) map[string]int {
		out := map[string]int{}
		list, _ := get(rec, key).([]any)
		for _, x := range list {
			m, _ := x.(map[string]any)
			if k, c := str(m["k"]), m["c"].(int64); k != "" && c > 0 { // types with no relation are left out
				out[k] += int(c)
			}
		}
		return out
	}
	st := &ecosystem.Stats{}
	nodes := counts("nodes")
	for _, t := range ecosystem.AllNodeTypes {
		st.Nodes = append(st.Nodes, ecosystem.Count{Key: string(t), Label: t.TypeName(), Count: nodes[string(t)]})
	}
	st.Relations = store.Buckets(counts("rels"), func(k string) string { return k })
	st.OrganisationsByKind = store.Buckets(counts("kinds"), func(k string) string { return k })
	st.OrganisationsByVoivodeship = store.Buckets(counts("voivodeships"), store.VoivodeshipLabel)
	top, _ := get(rec, "top").([]any)
	for _, x := range top {
		m, _ := x.(map[string]any)
		k, err := keyOf(m["gid"])
		if err != nil {
			return nil, err
		}
		st.MostConnected = append(st.MostConnected, ecosystem.Degree{Organisation: k, Degree: int(m["degree"].(int64))})
	}
	return st, nil
}
