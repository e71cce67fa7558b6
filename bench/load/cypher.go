package main

import (
	"cmp"
	"fmt"
	kgneo4j "github.com/wtz-graph/kg/store/neo4j"
	"slices"
	"strconv"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/geo"
	"github.com/wtz-graph/kg/polish"
	"github.com/wtz-graph/kg/store"
)

// cites is the Cypher list of a relationship's (or node document's) citations with their
// sources' names: citations are stored as JSON, [{"Source":"slug","Locator":"¶1",…}], so the
// slug and locator are cut out of the text and the Source looked up by its unique slug.
func cites(expr string) string {
	return fmt.Sprintf(`[c IN split(coalesce(%s, ''), '{"Source":"')[1..] | {source: head(COLLECT { MATCH (s:Source {slug: split(c, '"')[0]}) RETURN s.name }), locator: split(split(c, '"Locator":"')[1], '"')[0]}]`, expr)
}

// The Neo4j store keeps each organisation's voivodeship in the property voivodeship (slug) and
// its number of relations in degree, which the queries below read as a hand-written query on
// this data model would.

// partnerEvidence finds the partnership evidence of organisation x with the branches the Neo4j
// store writes from the domain's partnership rules (ecosystem.PartnershipRules).
var partnerEvidence = `
	CALL (x) {` + kgneo4j.PartnerEvidence + `	}`

// evidenceRows is the projection of partnerEvidence's rows with everything the answer shows.
var evidenceRows = `collect({kind: kind, partner: p.gid, name: p.name, pkind: p.kind, sortName: p.sortName, via: via.gid, viaName: via.name,
	mine: CASE WHEN mine IS NULL THEN null ELSE {type: type(mine), sources: ` + cites("mine.sources") + `} END,
	theirs: CASE WHEN theirs IS NULL THEN null ELSE {type: type(theirs), sources: ` + cites("theirs.sources") + `} END})`

// baselines are the hand-written Cypher answers, one query per operation.
func baselines() map[string]baseline {
	id := func(v map[string]any) map[string]any { return map[string]any{"id": v["id"]} }
	return map[string]baseline{
		"organisation": {
			cypher: `
				MATCH (x:Organisation {gid: $id})
				CALL (x) { OPTIONAL MATCH (x)-[:LOCATED_IN]->(s:Place) RETURN s.name AS seat ORDER BY s.gid LIMIT 1 }
				CALL (x) { OPTIONAL MATCH (v:Place {slug: x.voivodeship}) RETURN v.name AS voivodeship }
				CALL (x) { ` + partnerEvidence + ` RETURN ` + evidenceRows + ` AS evidence }
				RETURN x.gid AS id, x.name AS name, x.kind AS kind, seat, voivodeship, ` + cites("x.doc") + ` AS sources, evidence`,
			params: id,
			answer: func(_ map[string]any, recs []*neo4j.Record) ([]string, error) {
				if len(recs) == 0 {
					return nil, nil
				}
				r := recs[0]
				out := []string{str(val(r, "name")), str(val(r, "kind")), str(val(r, "seat")), str(val(r, "voivodeship")),
					strconv.Itoa(len(list(val(r, "sources"))))}
				return append(out, partnersAnswer(str(val(r, "id")), list(val(r, "evidence")), 10)...), nil
			},
			summary: func(d map[string]any) []string {
				o := dig(d, "organisation")
				out := []string{str(dig(o, "name")), str(dig(o, "kind")), str(dig(o, "seat", "name")), str(dig(o, "voivodeship", "name")),
					strconv.Itoa(len(list(dig(o, "sources"))))}
				return append(out, partnersSummary(list(dig(o, "partners")))...)
			},
		},
		"partners": {
			cypher: `
				MATCH (x:Organisation {gid: $id})
				CALL (x) { ` + partnerEvidence + ` RETURN ` + evidenceRows + ` AS evidence }
				RETURN x.gid AS id, evidence`,
			params: id,
			answer: func(_ map[string]any, recs []*neo4j.Record) ([]string, error) {
				if len(recs) == 0 {
					return nil, nil
				}
				return partnersAnswer(str(val(recs[0], "id")), list(val(recs[0], "evidence")), 20), nil
			},
			summary: func(d map[string]any) []string { return partnersSummary(list(dig(d, "partners"))) },
		},
		"search": {
			cypher: `
				CALL db.index.fulltext.queryNodes('entity_search', $q, {limit: 100000}) YIELD node
				RETURN node.gid AS gid, node.sortName AS sortName, node.names AS names, node.name AS name, node.type AS type`,
			params: func(v map[string]any) map[string]any {
				return map[string]any{"q": luceneQuery(polish.NewQuery(str(v["text"])))}
			},
			answer: searchAnswer,
			summary: func(d map[string]any) []string {
				var out []string
				for _, h := range list(dig(d, "search")) {
					out = append(out, str(dig(h, "node", "id")))
				}
				return out
			},
		},
		"practices": {
			cypher: `
				MATCH (p:Practice) WHERE $theme IN p.themes
				WITH p ORDER BY p.sortName, p.gid LIMIT 20
				RETURN p.gid AS id, p.name AS name, p.themes AS themes,
					[(p)<-[:SHOWCASED]-(e:Event) | {event: e.name, start: coalesce(e.start, head([(e)-[:PART_OF]->(v:Event) | v.start])),
						places: [(e)-[:HELD_IN]->(pl:Place) | pl.name], hosts: [(e)<-[:HOSTED]-(h:Organisation) | h.name]}] AS shownAt`,
			params: func(v map[string]any) map[string]any { return map[string]any{"theme": v["theme"]} },
			answer: func(_ map[string]any, recs []*neo4j.Record) ([]string, error) {
				var out []string
				for _, r := range recs {
					out = append(out, fmt.Sprintf("%s %d", str(val(r, "id")), len(list(val(r, "shownAt")))))
				}
				return out, nil
			},
			summary: func(d map[string]any) []string {
				var out []string
				for _, p := range list(dig(d, "practices")) {
					out = append(out, fmt.Sprintf("%s %d", str(dig(p, "id")), len(list(dig(p, "shownAt")))))
				}
				return out
			},
		},
		"hosts": {
			cypher: `
				MATCH (c:Place {gid: $city})
				WITH c.point AS near
				MATCH (o:Organisation) WHERE point.distance(o.seat, near) <= $radiusM AND ` + hostEvidence + `
				CALL (o) {
					OPTIONAL MATCH (o)-[:LOCATED_IN]->(s:Place) WHERE s.point IS NOT NULL
					RETURN s.name AS seatName ORDER BY s.gid LIMIT 1
				}
				WITH o, near, o.seat AS seat, seatName
				CALL (o) {
					MATCH (o)-[r:PRACTISES|DEVELOPED]->(p:Practice)
					RETURN collect({type: type(r), target: p.gid, name: p.name, themes: p.themes, showcased: []}) AS a
				}
				CALL (o) {
					MATCH (o)-[r:HOSTED|FEATURED_AT]->(e:Event)
					OPTIONAL MATCH (e)-[:SHOWCASED]->(p:Practice)
					WITH r, e, collect(CASE WHEN p IS NULL THEN null ELSE {practice: p.gid, name: p.name, themes: p.themes} END) AS shown
					RETURN collect({type: type(r), target: e.gid, name: e.name, themes: e.themes, showcased: shown}) AS b
				}
				RETURN o.gid AS gid, o.name AS name, o.kind AS kind, o.sortName AS sortName, seat, seatName, near, a + b AS rows`,
			params: func(v map[string]any) map[string]any {
				return map[string]any{"city": v["city"], "themes": []any{v["theme"]}, "radiusM": 150*1000*1.02 + 1000}
			},
			answer: hostsAnswer,
			summary: func(d map[string]any) []string {
				var out []string
				for _, h := range list(dig(d, "hosts")) {
					out = append(out, str(dig(h, "organisation", "id")))
				}
				return out
			},
		},
		"path": {
			cypher: `
				MATCH (a:Entity {gid: $from}), (b:Entity {gid: $to})
				MATCH p = allShortestPaths((a)-[*..4]-(b))
				RETURN [n IN nodes(p) | {gid: n.gid, name: n.name}] AS nodes,
					[r IN relationships(p) | {id: r.id, type: type(r), from: startNode(r).gid, sources: ` + cites("r.sources") + `}] AS rels`,
			params: func(v map[string]any) map[string]any { return map[string]any{"from": v["from"], "to": v["to"]} },
			answer: func(_ map[string]any, recs []*neo4j.Record) ([]string, error) {
				type path struct{ gids, rels []string }
				var ps []path
				for _, r := range recs {
					var p path
					for _, n := range list(val(r, "nodes")) {
						p.gids = append(p.gids, str(dig(n, "gid")))
					}
					for _, x := range list(val(r, "rels")) {
						p.rels = append(p.rels, str(dig(x, "id")))
					}
					ps = append(ps, p)
				}
				slices.SortFunc(ps, func(a, b path) int {
					for i := range min(len(a.rels), len(b.rels)) {
						if c := cmp.Or(strings.Compare(a.gids[i+1], b.gids[i+1]), strings.Compare(a.rels[i], b.rels[i])); c != 0 {
							return c
						}
					}
					return cmp.Compare(len(a.rels), len(b.rels))
				})
				var out []string
				for _, p := range ps[:min(len(ps), 3)] {
					out = append(out, strings.Join(p.gids, ">"))
				}
				return out, nil
			},
			summary: func(d map[string]any) []string {
				var out []string
				for _, p := range list(dig(d, "path")) {
					hops := list(dig(p, "hops"))
					if len(hops) == 0 {
						continue
					}
					ids := []string{str(dig(hops[0], "from", "id"))}
					for _, h := range hops {
						ids = append(ids, str(dig(h, "to", "id")))
					}
					out = append(out, strings.Join(ids, ">"))
				}
				return out
			},
		},
		"neighbourhood": {
			cypher: `
				MATCH (c:Entity {gid: $id})
				CALL (c) { MATCH (c)--(m) WHERE m <> c WITH DISTINCT m ORDER BY m.gid RETURN collect(m) AS layer1 }
				WITH c, layer1[0..$room] AS l1, size(layer1) > $room AS cut1
				CALL (c, l1, cut1) {
					UNWIND CASE WHEN cut1 THEN [] ELSE l1 END AS n
					MATCH (n)--(m) WHERE m <> c AND NOT m IN l1
					WITH DISTINCT m ORDER BY m.gid
					RETURN collect(m) AS layer2
				}
				WITH c, l1, cut1, layer2[0..($room - size(l1))] AS l2, size(layer2) > $room - size(l1) AS cut2
				WITH c, l1, l2, cut1 OR cut2 AS truncated, [c] + l1 + l2 AS kept
				CALL (kept) {
					UNWIND kept AS a
					MATCH (a)-[r]->(b) WHERE b IN kept
					RETURN collect({from: a.gid, type: type(r), to: b.gid, sources: ` + cites("r.sources") + `}) AS rels
				}
				RETURN truncated, [n IN l1 | {gid: n.gid, name: n.name, type: n.type}] AS l1,
					[n IN l2 | {gid: n.gid, name: n.name, type: n.type}] AS l2, rels`,
			params: func(v map[string]any) map[string]any { return map[string]any{"id": v["id"], "room": 99} },
			answer: func(_ map[string]any, recs []*neo4j.Record) ([]string, error) {
				if len(recs) == 0 {
					return nil, nil
				}
				r := recs[0]
				rels := list(val(r, "rels"))
				slices.SortFunc(rels, func(a, b any) int {
					return cmp.Or(strings.Compare(str(dig(a, "from")), str(dig(b, "from"))), strings.Compare(str(dig(a, "type")), str(dig(b, "type"))),
						strings.Compare(str(dig(a, "to")), str(dig(b, "to"))))
				})
				out := []string{fmt.Sprint(val(r, "truncated")), strconv.Itoa(len(rels))}
				for _, n := range list(val(r, "l1")) {
					out = append(out, "1 "+str(dig(n, "gid")))
				}
				for _, n := range list(val(r, "l2")) {
					out = append(out, "2 "+str(dig(n, "gid")))
				}
				return out, nil
			},
			summary: func(d map[string]any) []string {
				nb := dig(d, "neighbourhood")
				out := []string{fmt.Sprint(dig(nb, "truncated")), strconv.Itoa(len(list(dig(nb, "relations"))))}
				for _, n := range list(dig(nb, "nodes"))[1:] {
					out = append(out, fmt.Sprintf("%v %s", dig(n, "distance"), str(dig(n, "node", "id"))))
				}
				return out
			},
		},
		"organisations": {
			cypher: `
				MATCH (n:Organisation {voivodeship: $voivodeship})
				WITH n ORDER BY n.degree DESC, n.sortName DESC, n.slug DESC
				WITH collect(n) AS orgs
				WITH size(orgs) AS total, orgs[0..21] AS page
				UNWIND page AS n
				RETURN total, n.name AS name, n.kind AS kind, head([(n)-[:LOCATED_IN]->(p:Place) | p.name]) AS seat,
					[(n)-[:SERVES_AREA]->(p:Place) | p.name] AS areas`,
			params: func(v map[string]any) map[string]any { return map[string]any{"voivodeship": v["voivodeship"]} },
			answer: func(_ map[string]any, recs []*neo4j.Record) ([]string, error) {
				if len(recs) == 0 {
					return nil, nil
				}
				out := []string{fmt.Sprint(val(recs[0], "total"))}
				for _, r := range recs[:min(len(recs), 20)] {
					out = append(out, str(val(r, "name")))
				}
				return out, nil
			},
			summary: func(d map[string]any) []string {
				c := dig(d, "organisations")
				out := []string{fmt.Sprint(dig(c, "totalCount"))}
				for _, e := range list(dig(c, "edges")) {
					out = append(out, str(dig(e, "node", "name")))
				}
				return out
			},
		},
		"stats": {
			cypher: `
				CALL () { MATCH (n:Entity) WITH n.type AS k, count(*) AS c RETURN collect({k: k, c: c}) AS nodes }
				CALL () { MATCH (o:Organisation) WITH o.kind AS k, count(*) AS c RETURN collect({k: k, c: c}) AS kinds }
				CALL () {
					MATCH (n:Organisation)
					WITH coalesce(n.voivodeship, '') AS k, count(*) AS c
					RETURN collect({k: k, c: c}) AS voivodeships
				}
				CALL () {
					MATCH (o:Organisation) WHERE o.degree >= 0
					WITH o ORDER BY o.degree DESC, o.sortName, o.gid
					LIMIT 10
					RETURN collect({name: o.name, degree: o.degree}) AS top
				}
				RETURN nodes, kinds, voivodeships, top`,
			params: func(map[string]any) map[string]any { return map[string]any{} },
			answer: func(_ map[string]any, recs []*neo4j.Record) ([]string, error) {
				r := recs[0]
				var out []string
				for _, key := range []string{"nodes", "kinds"} {
					out = append(out, sortedCounts(list(val(r, key)))...)
				}
				for _, t := range list(val(r, "top")) {
					out = append(out, fmt.Sprintf("%s %v", str(dig(t, "name")), dig(t, "degree")))
				}
				return out, nil
			},
			summary: func(d map[string]any) []string {
				st := dig(d, "stats")
				var out []string
				for _, key := range []string{"nodes", "organisationsByKind"} {
					var bs []any
					for _, b := range list(dig(st, key)) {
						if c, _ := dig(b, "count").(float64); c > 0 {
							bs = append(bs, map[string]any{"k": dig(b, "key"), "c": c})
						}
					}
					out = append(out, sortedCounts(bs)...)
				}
				for _, t := range list(dig(st, "mostConnected")) {
					out = append(out, fmt.Sprintf("%s %v", str(dig(t, "organisation", "name")), dig(t, "degree")))
				}
				return out
			},
		},
		"lookup": {
			cypher: `
				MATCH (o:Organisation {gid: $id})
				RETURN o.gid AS id, o.name AS name, o.kind AS kind,
					[(o)-[:LOCATED_IN]->(p:Place) | p.name] AS seats,
					[(o)-[:SERVES_AREA]->(p:Place) | p.name] AS areas,
					[(o)<-[r:HOLDS_POSITION|AFFILIATED_WITH]-(p:Person) | {title: r.title, name: p.name}] AS people,
					[(o)-[r:LEADS|PARTNER_IN|PARTICIPATED_IN]->(p) | {role: type(r), name: p.name}] AS projects`,
			params: id,
			answer: func(_ map[string]any, recs []*neo4j.Record) ([]string, error) {
				if len(recs) == 0 {
					return nil, nil
				}
				r := recs[0]
				var rest []string
				for _, p := range list(val(r, "people")) {
					rest = append(rest, "person "+str(dig(p, "name"))+" "+str(dig(p, "title")))
				}
				for _, p := range list(val(r, "projects")) {
					rest = append(rest, "project "+str(dig(p, "role"))+" "+str(dig(p, "name")))
				}
				for _, a := range list(val(r, "areas")) {
					rest = append(rest, "area "+str(a))
				}
				slices.Sort(rest)
				return append([]string{str(val(r, "name")), strconv.Itoa(len(list(val(r, "seats"))))}, rest...), nil
			},
			summary: func(d map[string]any) []string {
				o := dig(d, "organisation")
				seats := 0
				if dig(o, "seat") != nil {
					seats = 1
				}
				var rest []string
				for _, p := range list(dig(o, "people")) {
					rest = append(rest, "person "+str(dig(p, "person", "name"))+" "+str(dig(p, "title")))
				}
				for _, p := range list(dig(o, "projects")) {
					rest = append(rest, "project "+str(dig(p, "role"))+" "+str(dig(p, "project", "name")))
				}
				for _, a := range list(dig(o, "serviceAreas")) {
					rest = append(rest, "area "+str(dig(a, "name")))
				}
				slices.Sort(rest)
				return append([]string{str(dig(o, "name")), strconv.Itoa(seats)}, rest...)
			},
		},
		"nested": {
			cypher: `
				MATCH (o:Organisation {gid: $id})
				RETURN o.name AS name, [(o)-[r:LEADS|PARTNER_IN|PARTICIPATED_IN]->(p) | {role: type(r), name: p.name,
					participants: [(p)<-[q:LEADS|PARTNER_IN|PARTICIPATED_IN]-(x:Organisation) | {role: type(q), name: x.name, kind: x.kind}]}] AS projects`,
			params: id,
			answer: func(_ map[string]any, recs []*neo4j.Record) ([]string, error) {
				if len(recs) == 0 {
					return nil, nil
				}
				var out []string
				for _, p := range list(val(recs[0], "projects")) {
					for _, x := range list(dig(p, "participants")) {
						out = append(out, str(dig(p, "name"))+" | "+str(dig(x, "role"))+" "+str(dig(x, "name")))
					}
				}
				slices.Sort(out)
				return out, nil
			},
			summary: func(d map[string]any) []string {
				var out []string
				for _, p := range list(dig(d, "organisation", "projects")) {
					for _, x := range list(dig(p, "project", "participants")) {
						out = append(out, str(dig(p, "project", "name"))+" | "+str(dig(x, "role"))+" "+str(dig(x, "organisation", "name")))
					}
				}
				slices.Sort(out)
				return out
			},
		},
		"list": {
			cypher: `
				CALL () { MATCH (o:Organisation {kind: $kind}) RETURN count(o) AS total }
				CALL () {
					MATCH (o:Organisation {kind: $kind})
					WITH o ORDER BY o.sortName, o.slug LIMIT 21
					RETURN collect({name: o.name, kind: o.kind, slug: o.slug,
						seat: head([(o)-[:LOCATED_IN]->(p:Place) | p.name])}) AS page
				}
				RETURN total, page`,
			params: func(v map[string]any) map[string]any { return map[string]any{"kind": v["kind"]} },
			answer: func(_ map[string]any, recs []*neo4j.Record) ([]string, error) {
				r := recs[0]
				out := []string{fmt.Sprint(val(r, "total"))}
				page := list(val(r, "page"))
				for _, o := range page[:min(len(page), 20)] {
					out = append(out, str(dig(o, "name")))
				}
				return out, nil
			},
			summary: func(d map[string]any) []string {
				c := dig(d, "organisations")
				out := []string{fmt.Sprint(dig(c, "totalCount"))}
				for _, e := range list(dig(c, "edges")) {
					out = append(out, str(dig(e, "node", "name")))
				}
				return out
			},
		},
		"counts": {
			cypher: `
				CALL () { MATCH (o:Organisation {kind: $a}) RETURN count(o) AS a }
				CALL () { MATCH (o:Organisation {kind: $b}) RETURN count(o) AS b }
				CALL () { MATCH (o:Organisation {kind: $c}) RETURN count(o) AS c }
				CALL () { MATCH (o:Organisation {kind: $d}) RETURN count(o) AS d }
				RETURN a, b, c, d`,
			params: func(v map[string]any) map[string]any { return v },
			answer: func(_ map[string]any, recs []*neo4j.Record) ([]string, error) {
				r := recs[0]
				return []string{fmt.Sprint(val(r, "a")), fmt.Sprint(val(r, "b")), fmt.Sprint(val(r, "c")), fmt.Sprint(val(r, "d"))}, nil
			},
			summary: func(d map[string]any) []string {
				var out []string
				for _, k := range []string{"a", "b", "c", "d"} {
					out = append(out, fmt.Sprint(dig(d, k, "totalCount")))
				}
				return out
			},
		},
	}
}

// hostEvidence is the condition for evidence on $themes, as the stores write it: on the host
// themes that the Neo4j store keeps on each organisation (store/neo4j/hostthemes.go).
const hostEvidence = "any(t IN o.hostThemes WHERE t IN $themes)"

// partnersAnswer ranks evidence rows with the stores' own rules and summarises the partners.
func partnersAnswer(self string, rows []any, limit int) []string {
	selfKey, _ := ecosystem.ParseGlobalID(self)
	acc := store.NewPartnerAccumulator(selfKey, nil)
	sortNames := map[ecosystem.NodeKey]string{}
	for _, row := range rows {
		partner, err := ecosystem.ParseGlobalID(str(dig(row, "partner")))
		if err != nil {
			continue
		}
		via, _ := ecosystem.ParseGlobalID(str(dig(row, "via")))
		sortNames[partner] = str(dig(row, "sortName"))
		acc.Add(ecosystem.PartnershipKind(str(dig(row, "kind"))), partner, via, briefRelation(dig(row, "mine")), briefRelation(dig(row, "theirs")))
	}
	var out []string
	for _, p := range acc.Result(func(k ecosystem.NodeKey) string { return sortNames[k] }, limit) {
		out = append(out, fmt.Sprintf("%s %d %d", p.Partner.GlobalID(), p.Strength(), len(p.Evidence)))
	}
	return out
}

func partnersSummary(ps []any) []string {
	var out []string
	for _, p := range ps {
		out = append(out, fmt.Sprintf("%s %v %d", str(dig(p, "partner", "id")), dig(p, "strength"), len(list(dig(p, "evidence")))))
	}
	return out
}

// briefRelation rebuilds a relation's type and citations from a baseline row.
func briefRelation(v any) *ecosystem.Relation {
	if v == nil {
		return nil
	}
	r := &ecosystem.Relation{Type: ecosystem.RelationType(str(dig(v, "type")))}
	for _, c := range list(dig(v, "sources")) {
		r.Sources = append(r.Sources, ecosystem.Citation{Source: str(dig(c, "source")), Locator: str(dig(c, "locator"))})
	}
	return r
}

// hostsAnswer builds, scores and ranks host candidates with the stores' shared rules.
func hostsAnswer(v map[string]any, recs []*neo4j.Record) ([]string, error) {
	requested := []ecosystem.Theme{ecosystem.Theme(str(v["theme"]))}
	var ms []ecosystem.HostMatch
	sortNames := map[ecosystem.NodeKey]string{}
	for _, rec := range recs {
		k, err := ecosystem.ParseGlobalID(str(val(rec, "gid")))
		if err != nil {
			return nil, err
		}
		var rows []store.EvidenceRow
		for _, x := range list(val(rec, "rows")) {
			target, _ := ecosystem.ParseGlobalID(str(dig(x, "target")))
			row := store.EvidenceRow{RelType: ecosystem.RelationType(str(dig(x, "type"))), Target: target, TargetThemes: themes(dig(x, "themes"))}
			for _, y := range list(dig(x, "showcased")) {
				pk, _ := ecosystem.ParseGlobalID(str(dig(y, "practice")))
				row.Showcased = append(row.Showcased, store.Showcase{Practice: pk, Themes: themes(dig(y, "themes"))})
			}
			rows = append(rows, row)
		}
		reasons := store.HostReasons(rows, requested)
		if len(reasons) == 0 {
			continue
		}
		seat, _ := val(rec, "seat").(neo4j.Point2D)
		near, _ := val(rec, "near").(neo4j.Point2D)
		d := geo.DistanceKm(ecosystem.GeoPoint{Lat: near.Y, Lon: near.X}, ecosystem.GeoPoint{Lat: seat.Y, Lon: seat.X})
		if d > 150 {
			continue
		}
		m := ecosystem.HostMatch{Organisation: k, Reasons: reasons, DistanceKm: &d}
		m.Score, m.Themes = store.ScoreHost(reasons, requested)
		sortNames[k] = str(val(rec, "sortName"))
		ms = append(ms, m)
	}
	var out []string
	for _, m := range store.RankHosts(ms, func(k ecosystem.NodeKey) string { return sortNames[k] }, 10) {
		out = append(out, m.Organisation.GlobalID())
	}
	return out, nil
}

// searchAnswer scores the full-text candidates with package polish, as the stores do.
func searchAnswer(v map[string]any, recs []*neo4j.Record) ([]string, error) {
	q := polish.NewQuery(str(v["text"]))
	type hit struct {
		gid, sortName string
		score         float64
	}
	var hits []hit
	for _, r := range recs {
		var names []string
		for _, n := range list(val(r, "names")) {
			names = append(names, str(n))
		}
		if score, _ := q.ScoreAnalysed(polish.AnalyseNames(names)); score > 0 {
			hits = append(hits, hit{str(val(r, "gid")), str(val(r, "sortName")), score})
		}
	}
	slices.SortFunc(hits, func(a, b hit) int {
		return cmp.Or(cmp.Compare(b.score, a.score), strings.Compare(a.sortName, b.sortName), strings.Compare(a.gid, b.gid))
	})
	var out []string
	for _, h := range hits[:min(len(hits), 10)] {
		out = append(out, h.gid)
	}
	return out, nil
}

func themes(v any) []ecosystem.Theme {
	var out []ecosystem.Theme
	for _, t := range list(v) {
		out = append(out, ecosystem.Theme(str(t)))
	}
	return out
}

// sortedCounts renders {k, c} buckets as "key count", sorted by key.
func sortedCounts(bs []any) []string {
	var out []string
	for _, b := range bs {
		out = append(out, fmt.Sprintf("%s %v", str(dig(b, "k")), num(dig(b, "c"))))
	}
	slices.Sort(out)
	return out
}

func num(v any) int64 {
	switch n := v.(type) {
	case int64:
		return n
	case float64:
		return int64(n)
	}
	return 0
}

// luceneQuery renders a query's index probes as the Neo4j store does.
func luceneQuery(q polish.Query) string {
	var parts []string
	for _, l := range q.Lookups() {
		if strings.IndexFunc(l.Term, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9') }) >= 0 {
			continue
		}
		if l.Prefix {
			parts = append(parts, l.Term+"*")
		} else {
			parts = append(parts, l.Term)
		}
	}
	return strings.Join(parts, " OR ")
}

// Helpers for reading records and decoded JSON.

func val(r *neo4j.Record, key string) any {
	v, _ := r.Get(key)
	return v
}

func dig(v any, path ...string) any {
	for _, p := range path {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[p]
	}
	return v
}

// list is a list value, or the nodes of a connection (our root lists are connections; the
// peer's are plain lists).
func list(v any) []any {
	if m, ok := v.(map[string]any); ok {
		v = m["nodes"]
	}
	l, _ := v.([]any)
	return l
}

func str(v any) string {
	s, _ := v.(string)
	return s
}
