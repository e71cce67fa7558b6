package neo4j

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/polish"
	"github.com/wtz-graph/kg/store"
)

// voivodeshipOf is a subquery deriving an organisation's voivodeship as the embedded store does:
// from its seats first, then its served areas (each by global id), the nearest voivodeship up
// the WITHIN hierarchy, the smallest global id among equally near ones.
var voivodeshipOf = `
	CALL (n) {
		OPTIONAL MATCH (n:Organisation)-[rel:LOCATED_IN|SERVES_AREA]->(p:Place)-[w:WITHIN*0..` + placeDepth + `]->(v:Place {kind: 'VOIVODESHIP'})
		RETURN v.slug AS voivodeship
		ORDER BY CASE type(rel) WHEN 'LOCATED_IN' THEN 0 ELSE 1 END, p.gid, size(w), v.gid
		LIMIT 1
	}`

// seatOf is a subquery deriving an organisation's seat point as Hosts measures distance from
// it: the point of its seat with the smallest global id among those that have one.
var seatOf = `
	CALL (n) {
		OPTIONAL MATCH (n:Organisation)-[:LOCATED_IN]->(s:Place) WHERE s.point IS NOT NULL
		RETURN s.point AS seat ORDER BY s.gid LIMIT 1
	}`

// seatWithin is the condition that o's stored seat (voivodeship.go) lies within radiusKm of
// near, which the point index organisation_seat answers. It is a generous pre-filter (2% and a
// kilometre more): the exact distance is measured in Go afterwards, as the embedded store
// measures it, so that both stores keep the same organisations at the edge.
func seatWithin(params map[string]any, near ecosystem.GeoPoint, radiusKm float64) string {
	params["nearLat"], params["nearLon"], params["radiusM"] = near.Lat, near.Lon, radiusKm*1000*1.02+1000
	return "point.distance(o.seat, point({latitude: $nearLat, longitude: $nearLon})) <= $radiusM"
}

// Nodes implements store.Store.
func (s *Store) Nodes(ctx context.Context, keys []ecosystem.NodeKey) ([]ecosystem.Node, error) {
	out := make([]ecosystem.Node, len(keys))
	if len(keys) == 0 {
		return out, nil
	}
	recs, err := s.read(ctx, `
		UNWIND $gids AS g
		OPTIONAL MATCH (redirect:Redirect {gid: g})
		WITH g, coalesce(redirect.target, g) AS target
		MATCH (n:Entity {gid: target})
		RETURN g AS gid, n.type AS type, n.doc AS doc, n.voivodeship AS voivodeship`,
		map[string]any{"gids": gids(keys)})
	if err != nil {
		return nil, err
	}
	byGID := make(map[string]ecosystem.Node, len(recs))
	for _, rec := range recs {
		n, err := decodeNode(str(get(rec, "type")), str(get(rec, "doc")))
		if err != nil {
			return nil, err
		}
		if o, ok := n.(*ecosystem.Organisation); ok {
			o.Voivodeship = str(get(rec, "voivodeship"))
		}
		byGID[str(get(rec, "gid"))] = n
	}
	for i, k := range keys {
		if n, ok := byGID[k.GlobalID()]; ok {
			if i > 0 && slices.Contains(keys[:i], k) {
				n = ecosystem.CloneNode(n) // each position gets its own copy
			}
			out[i] = n
		}
	}
	return out, nil
}

// Relations implements store.Store.
func (s *Store) Relations(ctx context.Context, keys []ecosystem.NodeKey, q store.RelationQuery) ([][]*ecosystem.Relation, error) {
	out, err := s.RelationsBatch(ctx, []store.RelationRequest{{Keys: keys, Query: q}})
	if err != nil {
		return nil, err
	}
	return out[0], nil
}

// RelationsBatch implements store.Store in one query: one branch per request, joined with
// UNION ALL, each with its types and direction written into its pattern (so that Neo4j expands
// only those relationship types) and its keys as a parameter. The same set of relation fields
// gives the same text, which Neo4j's query cache then plans once.
func (s *Store) RelationsBatch(ctx context.Context, reqs []store.RelationRequest) ([][][]*ecosystem.Relation, error) {
	out, _, err := s.relationsBatch(ctx, reqs, false)
	return out, err
}

// RelationsBatchWithEnds implements store.EndsReader: the query of RelationsBatch, each row
// with the node at the relation's other end, for the keys whose relations of the request number
// at most store.MaxFetchedEnds (counted from Neo4j's degree store, without expanding them).
func (s *Store) RelationsBatchWithEnds(ctx context.Context, reqs []store.RelationRequest) ([][][]*ecosystem.Relation, []ecosystem.Node, error) {
	return s.relationsBatch(ctx, reqs, true)
}

func (s *Store) relationsBatch(ctx context.Context, reqs []store.RelationRequest, ends bool) ([][][]*ecosystem.Relation, []ecosystem.Node, error) {
	out := make([][][]*ecosystem.Relation, len(reqs))
	type branch struct {
		req          int
		match, count string
	}
	var bs []branch
	for qi, req := range reqs {
		out[qi] = make([][]*ecosystem.Relation, len(req.Keys))
		dir := req.Query.Direction
		if dir == "" {
			dir = ecosystem.DirBoth
		}
		pattern, err := relPattern("r", req.Query.Types)
		if err != nil {
			return nil, nil, err
		}
		bare, _ := relPattern("", req.Query.Types)
		var match, count string
		switch dir {
		case ecosystem.DirOut:
			match, count = "(n)-"+pattern+"->(m)", "(n)-"+bare+"->()"
		case ecosystem.DirIn:
			match, count = "(n)<-"+pattern+"-(m)", "(n)<-"+bare+"-()"
		case ecosystem.DirBoth:
			match, count = "(n)-"+pattern+"-(m)", "(n)-"+bare+"-()"
		default:
			return nil, nil, store.CheckDirection(dir)
		}
		if len(req.Keys) > 0 {
			bs = append(bs, branch{qi, match, count})
		}
	}
	// The branches go in the order of their patterns, not of the requests, so that the same
	// set of relation fields gives the same text however the loader's batch formed: every new
	// text costs Neo4j a planning.
	slices.SortStableFunc(bs, func(a, b branch) int { return strings.Compare(a.match, b.match) })
	branches := make([]string, len(bs))
	params := map[string]any{}
	if ends {
		params["maxEnds"] = store.MaxFetchedEnds
	}
	for bi, b := range bs {
		name := fmt.Sprintf("gids%d", bi)
		params[name] = gids(reqs[b.req].Keys)
		withEnds, end := "", ""
		if ends {
			withEnds = fmt.Sprintf("\n\t\tWITH i, n, COUNT { %s } <= $maxEnds AS withEnds", b.count)
			end = ", CASE WHEN r IS NULL OR NOT withEnds THEN null ELSE " + nodeMap("m") + " END AS end"
		}
		branches[bi] = fmt.Sprintf(`
		UNWIND range(0, size($%[1]s) - 1) AS i
		WITH i, $%[1]s[i] AS g
		MATCH (n:Entity {gid: g})%[5]s
		OPTIONAL MATCH %[2]s
		RETURN %[3]d AS q, i, CASE WHEN r IS NULL THEN null ELSE %[4]s END AS rel%[6]s`, name, b.match, bi, relMap("r"), withEnds, end)
	}
	if len(branches) == 0 {
		return out, nil, nil
	}
	recs, err := s.read(ctx, strings.Join(branches, "\n\t\tUNION ALL"), params)
	if err != nil {
		return nil, nil, err
	}
	var nodes []ecosystem.Node
	seen := map[ecosystem.NodeKey]bool{}
	for _, rec := range recs {
		qi, i := bs[get(rec, "q").(int64)].req, int(get(rec, "i").(int64))
		if out[qi][i] == nil {
			out[qi][i] = []*ecosystem.Relation{}
		}
		if v := get(rec, "rel"); v != nil {
			r, err := decodeRel(v)
			if err != nil {
				return nil, nil, err
			}
			out[qi][i] = append(out[qi][i], r)
		}
		if end := get(rec, "end"); end != nil {
			n, err := decodeNodeMap(end)
			if err != nil {
				return nil, nil, err
			}
			if !seen[n.Key()] {
				seen[n.Key()] = true
				nodes = append(nodes, n)
			}
		}
	}
	for qi, res := range out {
		for i, rels := range res {
			sortRelations(rels, reqs[qi].Keys[i])
		}
	}
	return out, nodes, nil
}

// sortRelations puts the relations of self in the order of the Store contract: by type, then
// the other end's global id, then id.
func sortRelations(rels []*ecosystem.Relation, self ecosystem.NodeKey) {
	slices.SortFunc(rels, func(a, b *ecosystem.Relation) int {
		return cmp.Or(strings.Compare(string(a.Type), string(b.Type)),
			strings.Compare(a.Other(self).GlobalID(), b.Other(self).GlobalID()),
			strings.Compare(a.ID, b.ID))
	})
}

// RelationsByID implements store.Store. The id names the relation's type, so each lookup uses
// that type's index.
func (s *Store) RelationsByID(ctx context.Context, ids []string) ([]*ecosystem.Relation, error) {
	out := make([]*ecosystem.Relation, len(ids))
	byType := map[ecosystem.RelationType][]string{}
	for _, id := range ids {
		if t, ok := ecosystem.RelationTypeOfID(id); ok {
			byType[t] = append(byType[t], id)
		}
	}
	found := map[string]*ecosystem.Relation{}
	for _, t := range sortedRelTypes(byType) {
		recs, err := s.read(ctx, fmt.Sprintf("UNWIND $ids AS id MATCH ()-[r:%s {id: id}]->() RETURN %s AS rel", t, relMap("r")),
			map[string]any{"ids": byType[t]})
		if err != nil {
			return nil, err
		}
		for _, rec := range recs {
			r, err := decodeRel(get(rec, "rel"))
			if err != nil {
				return nil, err
			}
			found[r.ID] = r
		}
	}
	for i, id := range ids {
		if r, ok := found[id]; ok {
			out[i] = r.Clone()
		}
	}
	return out, nil
}

// Organisations implements store.Store: Cypher filters, the shared pager orders and pages, and
// the page's nodes are read in one more query.
func (s *Store) Organisations(ctx context.Context, f store.OrganisationFilter, o store.OrganisationOrder, p store.Page) (*store.OrganisationPage, error) {
	o, err := store.CheckOrder(o)
	if err != nil {
		return nil, err
	}
	if p.First < 0 {
		return nil, store.Invalidf("first must not be negative")
	}
	if err := store.CheckNear(f, o); err != nil {
		return nil, err
	}
	if p.After != "" {
		if _, err := store.DecodeCursor(p.After, o); err != nil {
			return nil, err
		}
	}
	params := map[string]any{}
	var where []string
	if len(f.Kinds) > 0 {
		where = append(where, "o.kind IN $kinds")
		params["kinds"] = kindStrings(f.Kinds)
	}
	if f.Country != "" {
		where = append(where, "o.country = $country")
		params["country"] = f.Country
	}
	if f.Identifier != "" {
		where = append(where, "$identifier IN o.ids")
		params["identifier"] = f.Identifier
	}
	if f.Within != nil {
		where = append(where, "EXISTS { MATCH (o)-[:LOCATED_IN|SERVES_AREA]->(:Place)-[:WITHIN*0.."+placeDepth+"]->(:Place {gid: $within}) }")
		params["within"] = f.Within.GlobalID()
	}
	if len(f.Themes) > 0 {
		where = append(where, themeEvidence)
		params["themes"] = themeStrings(f.Themes)
	}
	if strings.TrimSpace(f.Name) != "" {
		names, err := s.nameMatches(ctx, f.Name, []ecosystem.NodeType{ecosystem.NodeOrganisation})
		if err != nil {
			return nil, err
		}
		where = append(where, "o.gid IN $names")
		params["names"] = names
	}
	if f.Voivodeship != "" {
		where = append(where, "o.voivodeship = $voivodeship") // stored by Apply (voivodeship.go)
		params["voivodeship"] = f.Voivodeship
	}
	if f.Near != nil && f.RadiusKm > 0 {
		where = append(where, seatWithin(params, *f.Near, f.RadiusKm))
	}
	cypher := "MATCH (o:Organisation)"
	if len(where) > 0 {
		cypher += " WHERE " + strings.Join(where, " AND ")
	}
	degree := "0"
	if o.Field == store.OrderByDegree {
		degree = "o.degree" // stored by Apply (degree.go)
	}
	keyOf := func(v map[string]any) store.OrgSortKey {
		return store.NewOrgSortKey(o.Field, str(v["slug"]), str(v["sortName"]),
			ecosystem.OrganisationKind(str(v["kind"])), int(v["degree"].(int64)))
	}
	var selected []store.OrgSortKey
	var page *store.OrganisationPage
	read := map[string]*ecosystem.Organisation{} // the page's nodes, when the query read them
	// Distances are measured in Go, as the embedded store measures them, from each seat's
	// point: the listing then pages all the keys that pass.
	seats := map[string]*ecosystem.GeoPoint{}
	if p.After == "" && f.Near == nil {
		// The first page: Neo4j orders and cuts, and counts, so that only a page of keys
		// travels. Sort names are folded (polish.SortName), so Cypher's string order is Go's.
		cypher += " WITH o.slug AS slug, o.sortName AS sortName, o.kind AS kind, " + degree + " AS degree"
		if p.First > 0 {
			dir := ""
			if o.Desc {
				dir = " DESC"
			}
			order := []string{"sortName" + dir, "slug" + dir}
			switch o.Field {
			case store.OrderByKind:
				order = append([]string{"kind" + dir}, order...)
			case store.OrderByDegree:
				order = append([]string{"degree" + dir}, order...)
			}
			cypher += " ORDER BY " + strings.Join(order, ", ")
		}
		cypher += " WITH collect({slug: slug, sortName: sortName, kind: kind, degree: degree})[..$first] AS top, count(*) AS total"
		if p.First > 0 {
			// The page's documents come in the same query, read only for the page; a count
			// alone keeps the query Neo4j answers without them.
			cypher += " RETURN [t IN top | t {.*, node: head(COLLECT { MATCH (x:Organisation {slug: t.slug}) RETURN " + nodeMap("x") + " })}] AS top, total"
		} else {
			cypher += " RETURN top, total"
		}
		params["first"] = p.First
		recs, err := s.read(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		var keys []store.OrgSortKey
		total := 0
		if len(recs) == 1 {
			top, _ := get(recs[0], "top").([]any)
			for _, v := range top {
				m, _ := v.(map[string]any)
				keys = append(keys, keyOf(m))
				if nm := m["node"]; nm != nil {
					n, err := decodeNodeMap(nm)
					if err != nil {
						return nil, err
					}
					if org, ok := n.(*ecosystem.Organisation); ok {
						read[org.Slug] = org
					}
				}
			}
			total = int(get(recs[0], "total").(int64))
		}
		// PageOf makes the cursors (and checks the order Neo4j gave); the counts are Neo4j's.
		if selected, page, err = store.PageOf(keys, o, p); err != nil {
			return nil, err
		}
		page.TotalCount, page.HasNextPage = total, total > len(selected)
	} else {
		seat := ", null AS seat"
		if f.Near != nil {
			seat = ", o.seat AS seat" // stored by Apply (voivodeship.go)
		}
		cypher += " RETURN o.slug AS slug, o.sortName AS sortName, o.kind AS kind, " + degree + " AS degree" + seat
		recs, err := s.read(ctx, cypher, params)
		if err != nil {
			return nil, err
		}
		keys := make([]store.OrgSortKey, 0, len(recs))
		for _, rec := range recs {
			k := keyOf(map[string]any{"slug": get(rec, "slug"), "sortName": get(rec, "sortName"), "kind": get(rec, "kind"), "degree": get(rec, "degree")})
			if f.Near != nil {
				var pt *ecosystem.GeoPoint
				if v, ok := get(rec, "seat").(neo4j.Point2D); ok {
					pt = &ecosystem.GeoPoint{Lat: v.Y, Lon: v.X}
				}
				d, pass := store.SeatDistance(f, pt)
				if !pass {
					continue
				}
				k.Distance = d
				seats[k.Slug] = pt
			}
			keys = append(keys, k)
		}
		if selected, page, err = store.PageOf(keys, o, p); err != nil {
			return nil, err
		}
	}
	pageKeys := make([]ecosystem.NodeKey, len(selected))
	nodes := make([]ecosystem.Node, len(selected))
	var missing []int
	for i, k := range selected {
		pageKeys[i] = ecosystem.NodeKey{Type: ecosystem.NodeOrganisation, Slug: k.Slug}
		if org, ok := read[k.Slug]; ok {
			nodes[i] = org
		} else {
			missing = append(missing, i)
		}
	}
	if len(missing) > 0 {
		keys := make([]ecosystem.NodeKey, len(missing))
		for j, i := range missing {
			keys[j] = pageKeys[i]
		}
		got, err := s.Nodes(ctx, keys)
		if err != nil {
			return nil, err
		}
		for j, i := range missing {
			nodes[i] = got[j]
		}
	}
	for i, n := range nodes {
		org, ok := n.(*ecosystem.Organisation)
		if !ok {
			return nil, fmt.Errorf("organisation %s vanished while paging", pageKeys[i])
		}
		page.Items = append(page.Items, org)
		if f.Near != nil {
			d, _ := store.SeatDistance(f, seats[org.Slug])
			page.Distances = append(page.Distances, d)
		}
	}
	return page, nil
}

func kindStrings(ks []ecosystem.OrganisationKind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}

// Practices implements store.Store.
func (s *Store) Practices(ctx context.Context, f store.PracticeFilter) ([]*ecosystem.Practice, error) {
	params := map[string]any{}
	var where []string
	if len(f.Themes) > 0 {
		where = append(where, "any(t IN p.themes WHERE t IN $themes)")
		params["themes"] = themeStrings(f.Themes)
	}
	if f.Organisation != nil {
		where = append(where, "EXISTS { MATCH (:Entity {gid: $org})-[:PRACTISES|DEVELOPED|RECOGNISED]->(p) }")
		params["org"] = f.Organisation.GlobalID()
	}
	if f.Event != nil {
		where = append(where, "EXISTS { MATCH (:Entity {gid: $event})<-[:PART_OF*0.."+eventDepth+"]-(:Event)-[:SHOWCASED]->(p) }")
		params["event"] = f.Event.GlobalID()
	}
	if strings.TrimSpace(f.Text) != "" {
		names, err := s.nameMatches(ctx, f.Text, []ecosystem.NodeType{ecosystem.NodePractice})
		if err != nil {
			return nil, err
		}
		where = append(where, "p.gid IN $names")
		params["names"] = names
	}
	cypher := "MATCH (p:Practice)"
	if len(where) > 0 {
		cypher += " WHERE " + strings.Join(where, " AND ")
	}
	cypher += " RETURN p.type AS type, p.doc AS doc ORDER BY p.sortName, p.gid"
	if f.Limit > 0 {
		cypher += " LIMIT $limit"
		params["limit"] = f.Limit
	}
	recs, err := s.read(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	return decodeAll[*ecosystem.Practice](recs)
}

// Sources implements store.Store.
func (s *Store) Sources(ctx context.Context) ([]*ecosystem.Source, error) {
	recs, err := s.read(ctx, "MATCH (s:Source) RETURN s.type AS type, s.doc AS doc ORDER BY s.slug", nil)
	if err != nil {
		return nil, err
	}
	return decodeAll[*ecosystem.Source](recs)
}

func decodeAll[T ecosystem.Node](recs []*neo4j.Record) ([]T, error) {
	out := make([]T, 0, len(recs))
	for _, rec := range recs {
		n, err := decodeNode(str(get(rec, "type")), str(get(rec, "doc")))
		if err != nil {
			return nil, err
		}
		t, ok := n.(T)
		if !ok {
			return nil, fmt.Errorf("unexpected %T", n)
		}
		out = append(out, t)
	}
	return out, nil
}

// nameMatches returns the global ids of nodes of the given types whose name or an alias matches
// every term of text (polish.Query.MatchesAll), found through the full-text index.
func (s *Store) nameMatches(ctx context.Context, text string, types []ecosystem.NodeType) ([]string, error) {
	q := polish.NewQuery(text)
	cands, err := s.candidates(ctx, q, types)
	if err != nil {
		return nil, err
	}
	out := []string{}
	for _, c := range cands {
		if q.MatchesAll(polish.AnalyseNames(c.names)) {
			out = append(out, c.gid)
		}
	}
	return out, nil
}
