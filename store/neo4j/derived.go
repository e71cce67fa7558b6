package neo4j

import (
	"context"
	"fmt"
)

// derivedVersion numbers the rules that turn a node's doc into the properties stored next to
// it (nodeProps: the search terms of package polish, the sort name, identifiers, filters).
// Bump it whenever those rules change: a database whose nodes were written under an earlier
// version has them re-derived at the next start (refreshDerived), so that, for example, a
// graph written before consonant alternations were indexed finds "w Wieliczce" too.
//
//	1  the first version with a marker: alternations and identifiers (2026-12)
//	2  organisations store their voivodeship (voivodeship.go)
//	3  organisations store their degree (degree.go)
//	4  organisations store their seat's point (seat, with the voivodeship: voivodeship.go);
//	   every node the term counts of its names (nameTerms, aliasTerms: search.go);
//	   organisations the themes of their hosting evidence (hostThemes: hostthemes.go)
const derivedVersion = 4

// refreshBatch is how many nodes refreshDerived reads and rewrites per transaction.
const refreshBatch = 2000

// refreshDerived re-derives every node's stored properties from its doc when the database's
// marker (the Meta node named "derived") is older than derivedVersion, or missing while
// entities exist, and then sets the marker. It runs at every start from EnsureSchema, so that
// no command can serve or write under stale search terms. A node whose doc changes while it
// runs (another process writing) keeps what that writer derived. It reports how many nodes it
// rewrote; a database written by a newer version is left as it is.
func (s *Store) refreshDerived(ctx context.Context) (int, error) {
	recs, err := s.read(ctx, `OPTIONAL MATCH (m:Meta {name: 'derived'}) RETURN m.version AS version`, nil)
	if err != nil {
		return 0, err
	}
	if v, ok := get(recs[0], "version").(int64); ok && v >= derivedVersion {
		return 0, nil
	}
	rewritten := 0
	after := ""
	for {
		recs, err := s.read(ctx, `
			MATCH (n:Entity) WHERE n.gid > $after
			RETURN n.gid AS gid, n.type AS type, n.doc AS doc
			ORDER BY n.gid LIMIT $limit`, map[string]any{"after": after, "limit": refreshBatch})
		if err != nil {
			return rewritten, err
		}
		if len(recs) == 0 {
			break
		}
		rows := make([]map[string]any, 0, len(recs))
		for _, r := range recs {
			gid, doc := str(get(r, "gid")), str(get(r, "doc"))
			after = gid
			n, err := decodeNode(str(get(r, "type")), doc)
			if err != nil {
				return rewritten, fmt.Errorf("re-derive %s: %w", gid, err)
			}
			props, err := nodeProps(n)
			if err != nil {
				return rewritten, fmt.Errorf("re-derive %s: %w", gid, err)
			}
			delete(props, "doc") // the doc itself is what the properties come from
			rows = append(rows, map[string]any{"gid": gid, "doc": doc, "props": props})
		}
		recs, err = s.write(ctx, `
			UNWIND $rows AS row
			MATCH (n:Entity {gid: row.gid}) WHERE n.doc = row.doc
			SET n += row.props
			RETURN count(n) AS n`, map[string]any{"rows": rows})
		if err != nil {
			return rewritten, err
		}
		if c, ok := get(recs[0], "n").(int64); ok {
			rewritten += int(c)
		}
	}
	for _, derive := range []string{deriveVoivodeshipAndSeat, deriveDegree, deriveHostThemes} {
		if err := s.deriveOnAll(ctx, derive); err != nil {
			return rewritten, err
		}
	}
	if _, err := s.write(ctx, `MERGE (m:Meta {name: 'derived'}) SET m.version = $version`, map[string]any{"version": derivedVersion}); err != nil {
		return rewritten, err
	}
	return rewritten, nil
}
