package neo4j

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// An organisation's voivodeship (ecosystem.Organisation.Voivodeship) is derived from its seats
// and served areas up the WITHIN hierarchy (voivodeshipOf). Walking that hierarchy in every
// query that reads, filters or counts by voivodeship made whole-country listings and stats
// slow, so it is stored on each organisation as the property `voivodeship` (indexed) and kept
// current by Apply: in the transaction of every change set, the organisations whose derivation
// the change may move are found (affected) and derived again (rederiveVoivodeships).

// affected collects what a change set may move the voivodeship of: organisations directly,
// and places, under which every organisation's voivodeship may move.
type affected struct {
	orgs, places map[string]bool
	// degrees are the organisations whose stored degree (degree.go) the change may move.
	degrees map[string]bool
	// hostThemes are those whose stored host themes (hostthemes.go) it may move.
	hostThemes map[string]bool
}

// voivodeshipInputs are the relation types the derivation reads.
var voivodeshipInputs = []ecosystem.RelationType{ecosystem.RelLocatedIn, ecosystem.RelServesArea, ecosystem.RelWithin}

// affectedBy finds what cs may move, reading what deletions will remove before they run.
func (s *Store) affectedBy(ctx context.Context, tx neo4j.ManagedTransaction, cs store.ChangeSet, deleteRels map[ecosystem.RelationType][]string) (affected, error) {
	a := affected{orgs: map[string]bool{}, places: map[string]bool{}, degrees: map[string]bool{}, hostThemes: map[string]bool{}}
	if err := s.degreesAffectedBy(ctx, tx, cs, deleteRels, a.degrees); err != nil {
		return a, err
	}
	maps.Copy(a.hostThemes, a.degrees)
	if err := s.hostThemesAffectedBy(ctx, tx, cs, deleteRels, a.hostThemes); err != nil {
		return a, err
	}
	for _, n := range cs.PutNodes {
		if n == nil {
			continue
		}
		switch n.Key().Type {
		case ecosystem.NodeOrganisation:
			a.orgs[n.Key().GlobalID()] = true // SET n = props dropped the stored value
		case ecosystem.NodePlace:
			a.places[n.Key().GlobalID()] = true // its kind may have changed
		}
	}
	rel := func(r *ecosystem.Relation) {
		switch r.Type {
		case ecosystem.RelLocatedIn, ecosystem.RelServesArea:
			a.orgs[r.From.GlobalID()] = true
		case ecosystem.RelWithin:
			a.places[r.From.GlobalID()] = true
		}
	}
	for _, r := range cs.PutRelations {
		if r != nil {
			rel(r)
		}
	}
	for _, r := range cs.JoinRelations {
		if r != nil {
			rel(r)
		}
	}
	for _, m := range cs.Merges {
		switch m.Survivor.Type {
		case ecosystem.NodeOrganisation:
			a.orgs[m.Survivor.GlobalID()] = true
		case ecosystem.NodePlace:
			a.places[m.Survivor.GlobalID()] = true
			a.places[m.Merged.GlobalID()] = true // its organisations, before the merge moves them
		}
	}
	// What deletions remove is read first: the from ends of deleted seats, areas and WITHIN
	// relations, and the organisations under deleted places and under merged places.
	for _, t := range voivodeshipInputs {
		if len(deleteRels[t]) == 0 {
			continue
		}
		recs, err := s.run(ctx, tx, fmt.Sprintf("UNWIND $ids AS id MATCH (a)-[:%s {id: id}]->() RETURN DISTINCT a.gid AS gid", t),
			map[string]any{"ids": deleteRels[t]})
		if err != nil {
			return a, err
		}
		for _, rec := range recs {
			if t == ecosystem.RelWithin {
				a.places[str(get(rec, "gid"))] = true
			} else {
				a.orgs[str(get(rec, "gid"))] = true
			}
		}
	}
	var doomed []string
	for _, k := range cs.DeleteNodes {
		if k.Type == ecosystem.NodePlace {
			doomed = append(doomed, k.GlobalID())
		}
	}
	for _, m := range cs.Merges {
		if m.Merged.Type == ecosystem.NodePlace {
			doomed = append(doomed, m.Merged.GlobalID())
		}
	}
	if len(doomed) > 0 {
		recs, err := s.run(ctx, tx, `
			MATCH (o:Organisation)-[:LOCATED_IN|SERVES_AREA]->(:Place)-[:WITHIN*0..`+placeDepth+`]->(p:Place)
			WHERE p.gid IN $places
			RETURN DISTINCT o.gid AS gid`, map[string]any{"places": doomed})
		if err != nil {
			return a, err
		}
		for _, rec := range recs {
			a.orgs[str(get(rec, "gid"))] = true
		}
	}
	return a, nil
}

// rederiveVoivodeships derives again, and stores, the voivodeship of the affected
// organisations and of every organisation seated in or serving a place under an affected place.
func (s *Store) rederiveVoivodeships(ctx context.Context, tx neo4j.ManagedTransaction, a affected) error {
	if len(a.orgs) == 0 && len(a.places) == 0 {
		return nil
	}
	orgs, places := keysOf(a.orgs), keysOf(a.places)
	_, err := s.run(ctx, tx, `
		CALL () {
			MATCH (n:Organisation) WHERE n.gid IN $orgs RETURN n
			UNION
			MATCH (n:Organisation)-[:LOCATED_IN|SERVES_AREA]->(:Place)-[:WITHIN*0..`+placeDepth+`]->(p:Place)
			WHERE p.gid IN $places
			RETURN n
		}
		WITH DISTINCT n`+deriveVoivodeshipAndSeat, map[string]any{"orgs": orgs, "places": places})
	return err
}

func keysOf(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// deriveVoivodeshipAndSeat derives organisation n's voivodeship and seat (the derivation's
// subqueries and SET, for deriveOn and deriveOnAll).
var deriveVoivodeshipAndSeat = voivodeshipOf + seatOf + `
	SET n.voivodeship = voivodeship, n.seat = seat`
