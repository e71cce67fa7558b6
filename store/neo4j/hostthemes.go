package neo4j

import (
	"context"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// An organisation's host themes are the themes it has hosting evidence on (the evidence Hosts
// ranks on: the practices it practises or developed, the events it hosted or featured at, and
// the practices those events showcased). Filtering hosts and listings by theme walked that
// evidence for every candidate organisation, so the themes are stored on each organisation as
// the property `hostThemes` and kept current by Apply like the degree: the organisations
// whose evidence a change set may move are read before deletions run (hostThemesAffectedBy)
// and derived again at the end of the transaction (rederiveHostThemes). Hosts still reads the
// evidence itself, for the organisations that pass.

var (
	hostPracticeRoles = relUnion(ecosystem.HostPracticeRoles)
	hostEventRoles    = relUnion(ecosystem.HostEventRoles)
)

// hostThemesOf is the Cypher expression of organisation n's host themes, sorted.
var hostThemesOf = `COLLECT {
	CALL (n) {
		MATCH (n)-[:` + hostPracticeRoles + `]->(p:Practice) UNWIND p.themes AS t RETURN t
		UNION
		MATCH (n)-[:` + hostEventRoles + `]->(e:Event) UNWIND e.themes AS t RETURN t
		UNION
		MATCH (n)-[:` + hostEventRoles + `]->(:Event)-[:SHOWCASED]->(p:Practice) UNWIND p.themes AS t RETURN t
	}
	RETURN t ORDER BY t
}`

// deriveHostThemes stores organisation n's host themes.
var deriveHostThemes = "SET n.hostThemes = " + hostThemesOf

// themeEvidence is the condition under which an organisation o has evidence on $themes.
const themeEvidence = "any(t IN o.hostThemes WHERE t IN $themes)"

// hostThemesAffectedBy adds to into the organisations whose host themes cs may move, beyond
// those whose degree it may move (which the caller adds too: the ends of relations changed and
// the neighbours of nodes deleted or merged): the organisations with evidence through a
// practice or event that is put, deleted or merged away, or that is an end of a SHOWCASED
// relation put, joined or deleted.
func (s *Store) hostThemesAffectedBy(ctx context.Context, tx neo4j.ManagedTransaction, cs store.ChangeSet, deleteRels map[ecosystem.RelationType][]string, into map[string]bool) error {
	var touched []string
	evidence := func(k ecosystem.NodeKey) {
		if k.Type == ecosystem.NodePractice || k.Type == ecosystem.NodeEvent {
			touched = append(touched, k.GlobalID())
		}
	}
	for _, n := range cs.PutNodes {
		if n != nil {
			evidence(n.Key())
		}
	}
	for _, rels := range [][]*ecosystem.Relation{cs.PutRelations, cs.JoinRelations} {
		for _, r := range rels {
			if r != nil && r.Type == ecosystem.RelShowcased {
				evidence(r.From)
				evidence(r.To)
			}
		}
	}
	for _, k := range cs.DeleteNodes {
		evidence(k)
	}
	for _, m := range cs.Merges {
		evidence(m.Survivor)
		evidence(m.Merged)
	}
	params := map[string]any{"gids": touched, "showcased": deleteRels[ecosystem.RelShowcased]}
	if len(touched) == 0 && len(deleteRels[ecosystem.RelShowcased]) == 0 {
		return nil
	}
	recs, err := s.run(ctx, tx, `
		CALL () {
			MATCH (x:Entity) WHERE x.gid IN $gids RETURN x
			UNION
			UNWIND $showcased AS id MATCH (e)-[:SHOWCASED {id: id}]->(p) UNWIND [e, p] AS x RETURN x
		}
		CALL (x) {
			MATCH (o:Organisation)-[:`+hostPracticeRoles+`|`+hostEventRoles+`]->(x) RETURN o
			UNION
			MATCH (o:Organisation)-[:`+hostEventRoles+`]->(:Event)-[:SHOWCASED]->(x) RETURN o
		}
		RETURN DISTINCT o.gid AS gid`, params)
	if err != nil {
		return err
	}
	for _, rec := range recs {
		into[str(get(rec, "gid"))] = true
	}
	return nil
}

// rederiveHostThemes stores the host themes of the given organisations that still exist.
func (s *Store) rederiveHostThemes(ctx context.Context, tx neo4j.ManagedTransaction, orgs map[string]bool) error {
	return s.deriveOn(ctx, tx, orgs, deriveHostThemes)
}
