package neo4j

import (
	"context"
	"fmt"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// An organisation's degree (how many relations it has, either way) orders the stats' most
// connected organisations. Counting it for every organisation in every stats request made
// stats walk the whole graph, so it is stored on each organisation as the property `degree`
// (indexed, organisation_degree) and kept current by Apply like the voivodeship: the
// organisations whose count a change set may move are read before deletions run
// (degreesAffectedBy) and counted again at the end of the transaction (rederiveDegrees).
// The count is Neo4j's own degree of the node, which its store keeps, not a walk.

// degreeOf is the Cypher expression of organisation n's degree, and deriveDegree stores it.
const (
	degreeOf     = "COUNT { (n)--() }"
	deriveDegree = "SET n.degree = " + degreeOf
)

// degreesAffectedBy adds to into the organisations whose degree cs may move: organisations
// put (SET n = props drops the stored value), the ends of relations put, joined or deleted,
// the neighbours of nodes deleted or merged away, and the survivors of merges.
func (s *Store) degreesAffectedBy(ctx context.Context, tx neo4j.ManagedTransaction, cs store.ChangeSet, deleteRels map[ecosystem.RelationType][]string, into map[string]bool) error {
	org := func(k ecosystem.NodeKey) {
		if k.Type == ecosystem.NodeOrganisation {
			into[k.GlobalID()] = true
		}
	}
	for _, n := range cs.PutNodes {
		if n != nil {
			org(n.Key())
		}
	}
	for _, rels := range [][]*ecosystem.Relation{cs.PutRelations, cs.JoinRelations} {
		for _, r := range rels {
			if r != nil {
				org(r.From)
				org(r.To)
			}
		}
	}
	var gone []string
	for _, k := range cs.DeleteNodes {
		gone = append(gone, k.GlobalID())
	}
	for _, m := range cs.Merges {
		org(m.Survivor)
		gone = append(gone, m.Merged.GlobalID())
	}
	for _, t := range sortedRelTypes(deleteRels) {
		recs, err := s.run(ctx, tx, fmt.Sprintf(`
			UNWIND $ids AS id MATCH (a)-[:%s {id: id}]->(b)
			UNWIND [a, b] AS o WITH o WHERE o:Organisation
			RETURN DISTINCT o.gid AS gid`, t), map[string]any{"ids": deleteRels[t]})
		if err != nil {
			return err
		}
		for _, rec := range recs {
			into[str(get(rec, "gid"))] = true
		}
	}
	if len(gone) > 0 {
		recs, err := s.run(ctx, tx, `
			MATCH (n:Entity)--(o:Organisation) WHERE n.gid IN $gids
			RETURN DISTINCT o.gid AS gid`, map[string]any{"gids": gone})
		if err != nil {
			return err
		}
		for _, rec := range recs {
			into[str(get(rec, "gid"))] = true
		}
	}
	return nil
}

// rederiveDegrees stores the degree of the given organisations that still exist.
func (s *Store) rederiveDegrees(ctx context.Context, tx neo4j.ManagedTransaction, orgs map[string]bool) error {
	return s.deriveOn(ctx, tx, orgs, deriveDegree)
}

// deriveOn runs derive (Cypher over organisation n: subqueries and a SET) on the given
// organisations that still exist, in the transaction of a change set.
func (s *Store) deriveOn(ctx context.Context, tx neo4j.ManagedTransaction, orgs map[string]bool, derive string) error {
	if len(orgs) == 0 {
		return nil
	}
	_, err := s.run(ctx, tx, `
		MATCH (n:Organisation) WHERE n.gid IN $orgs `+derive, map[string]any{"orgs": keysOf(orgs)})
	return err
}

// deriveOnAll runs derive (as deriveOn) on every organisation, in batches of refreshBatch:
// for a database written before a derived property was stored (refreshDerived).
func (s *Store) deriveOnAll(ctx context.Context, derive string) error {
	after := ""
	for {
		recs, err := s.write(ctx, `
			MATCH (n:Organisation) WHERE n.gid > $after
			WITH n ORDER BY n.gid LIMIT $limit `+derive+`
			RETURN max(n.gid) AS last`, map[string]any{"after": after, "limit": refreshBatch})
		if err != nil {
			return err
		}
		last, _ := get(recs[0], "last").(string)
		if last == "" {
			return nil
		}
		after = last
	}
}
