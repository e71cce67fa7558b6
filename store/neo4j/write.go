package neo4j

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// Apply implements store.Store. It validates the change set in Go with the checks every backend
// shares (store.ValidateChangeSet), then writes it in one transaction: relations and nodes are
// deleted, nodes merged on gid, relations merged on their ends and type. A failure anywhere
// rolls the whole transaction back. The transaction function is idempotent (MERGE and SET), so
// the driver may retry it.
func (s *Store) Apply(ctx context.Context, cs store.ChangeSet) (store.ApplyResult, error) {
	var res store.ApplyResult
	if s.closed.Load() {
		return res, errClosed
	}
	if err := s.breakerOpen(); err != nil {
		return res, err
	}
	// The checks that need no database run first; ValidateChangeSet runs again inside the
	// transaction, where the nodes it finds are locked (see lockExisting).
	nodeRows := map[ecosystem.NodeType][]map[string]any{}
	for _, n := range cs.PutNodes {
		if n == nil {
			continue // reported by the validation in the transaction
		}
		props, err := nodeProps(n)
		if err != nil {
			return res, err
		}
		nodeRows[n.Key().Type] = append(nodeRows[n.Key().Type], map[string]any{"gid": props["gid"], "props": props})
	}
	relRows := map[ecosystem.RelationType][]map[string]any{}
	for _, r := range cs.PutRelations {
		if r == nil {
			continue
		}
		props, err := relProps(r)
		if err != nil {
			return res, err
		}
		relRows[r.Type] = append(relRows[r.Type], map[string]any{"from": r.From.GlobalID(), "to": r.To.GlobalID(), "props": props})
	}
	deleteRels := map[ecosystem.RelationType][]string{}
	for _, id := range cs.DeleteRelations {
		t, ok := ecosystem.RelationTypeOfID(id)
		if !ok {
			return res, store.NotFoundf("relation %s does not exist", id)
		}
		if !slices.Contains(deleteRels[t], id) {
			deleteRels[t] = append(deleteRels[t], id)
		}
	}

	s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{DatabaseName: s.db, AccessMode: neo4j.AccessModeWrite})
	defer session.Close(ctx)
	out, err := session.ExecuteWrite(ctx, func(tx neo4j.ManagedTransaction) (any, error) {
		return s.applyTx(ctx, tx, cs, nodeRows, relRows, deleteRels)
	})
	if err != nil {
		var client *store.ClientError
		var conflict *store.ConflictError
		if errors.As(err, &client) || errors.As(err, &conflict) {
			return res, err
		}
		return res, s.trip(classify(ctx, err))
	}
	return out.(store.ApplyResult), nil
}

// run sends one statement in a transaction and counts it.
func (s *Store) run(ctx context.Context, tx neo4j.ManagedTransaction, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	s.roundTrips.Add(1)
	result, err := tx.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	return result.Collect(ctx)
}

func (s *Store) applyTx(ctx context.Context, tx neo4j.ManagedTransaction, cs store.ChangeSet,
	nodeRows map[ecosystem.NodeType][]map[string]any, relRows map[ecosystem.RelationType][]map[string]any,
	deleteRels map[ecosystem.RelationType][]string) (store.ApplyResult, error) {
	var res store.ApplyResult

	// Validation inside the transaction: the nodes the change set refers to are locked while
	// they are found, so a concurrent deletion cannot slip between the check and the write.
	lock := func(ctx context.Context, keys []ecosystem.NodeKey) (map[ecosystem.NodeKey]bool, error) {
		return s.lockExisting(ctx, tx, keys)
	}
	if err := store.ValidateChangeSet(ctx, cs, lock); err != nil {
		return res, err
	}
	// Deletions of what does not exist are refused; so is deleting a source still cited.
	if err := s.checkDeletions(ctx, tx, cs); err != nil {
		return res, err
	}
	// An identifier belongs to one organisation. Writes that give identifiers take one lock
	// node first, so that two of them never both find an identifier free; the organisations
	// that hold the identifiers are read after it.
	if keys := store.IdentifierKeys(cs); len(keys) > 0 {
		recs, err := s.run(ctx, tx, `
			MERGE (l:WriteLock {name: 'identifiers'}) SET l.writes = coalesce(l.writes, 0) + 1
			WITH l
			OPTIONAL MATCH (o:Organisation) WHERE any(i IN o.ids WHERE i IN $ids)
			WITH o WHERE o IS NOT NULL
			RETURN o.gid AS gid, [i IN o.ids WHERE i IN $ids] AS held`, map[string]any{"ids": keys})
		if err != nil {
			return res, err
		}
		holders := map[string]ecosystem.NodeKey{}
		for _, rec := range recs {
			k, err := ecosystem.ParseGlobalID(get(rec, "gid").(string))
			if err != nil {
				return res, err
			}
			for _, h := range get(rec, "held").([]any) {
				holders[h.(string)] = k
			}
		}
		if err := store.IdentifierClashes(cs, holders); err != nil {
			return res, err
		}
	}
	// What the change may move the stored voivodeships and degrees of, read before deletions
	// remove it.
	moved, err := s.affectedBy(ctx, tx, cs, deleteRels)
	if err != nil {
		return res, err
	}
	// Relations to join: their citations join those stored, read here under the transaction.
	if len(cs.JoinRelations) > 0 {
		ids := make([]string, len(cs.JoinRelations))
		for i, r := range cs.JoinRelations {
			ids[i] = r.ID
		}
		old, err := s.relationsByIDTx(ctx, tx, ids)
		if err != nil {
			return res, err
		}
		for i, r := range cs.JoinRelations {
			joined := store.JoinRelation(old[i], r)
			props, err := relProps(joined)
			if err != nil {
				return res, err
			}
			relRows[r.Type] = append(relRows[r.Type], map[string]any{"from": r.From.GlobalID(), "to": r.To.GlobalID(), "props": props})
		}
	}
	for _, t := range sortedRelTypes(deleteRels) {
		recs, err := s.run(ctx, tx, fmt.Sprintf("UNWIND $ids AS id MATCH ()-[r:%s {id: id}]->() DELETE r RETURN count(*) AS n", t),
			map[string]any{"ids": deleteRels[t]})
		if err != nil {
			return res, err
		}
		res.RelationsDeleted += int(get(recs[0], "n").(int64))
	}
	if len(cs.DeleteNodes) > 0 {
		recs, err := s.run(ctx, tx, `
			UNWIND $gids AS g
			MATCH (n:Entity {gid: g})
			OPTIONAL MATCH (n)-[r]-()
			OPTIONAL MATCH (redirect:Redirect {target: g})
			WITH collect(DISTINCT n) AS nodes, collect(DISTINCT r) AS rels, collect(DISTINCT redirect) AS redirects
			FOREACH (r IN rels | DELETE r)
			FOREACH (n IN nodes | DELETE n)
			FOREACH (x IN redirects | DELETE x)
			RETURN size(nodes) AS nodes, size(rels) AS rels`,
			map[string]any{"gids": gids(dedupeKeys(cs.DeleteNodes))})
		if err != nil {
			return res, err
		}
		res.NodesDeleted = int(get(recs[0], "nodes").(int64))
		res.RelationsDeleted += int(get(recs[0], "rels").(int64))
	}
	for _, m := range cs.Merges {
		r, err := s.merge(ctx, tx, m)
		if err != nil {
			return res, err
		}
		res.NodesMerged += r.NodesMerged
		res.NodesDeleted += r.NodesDeleted
		res.NodesUpdated += r.NodesUpdated
		res.RelationsCreated += r.RelationsCreated
		res.RelationsUpdated += r.RelationsUpdated
		res.RelationsDeleted += r.RelationsDeleted
	}
	created, updated, err := s.putNodes(ctx, tx, nodeRows)
	if err != nil {
		return res, err
	}
	res.NodesCreated += created
	res.NodesUpdated += updated
	created, updated, err = s.putRelations(ctx, tx, relRows)
	if err != nil {
		return res, err
	}
	res.RelationsCreated += created
	res.RelationsUpdated += updated
	if err := s.rederiveVoivodeships(ctx, tx, moved); err != nil {
		return res, err
	}
	if err := s.rederiveDegrees(ctx, tx, moved.degrees); err != nil {
		return res, err
	}
	if err := s.rederiveHostThemes(ctx, tx, moved.hostThemes); err != nil {
		return res, err
	}
	return res, nil
}

// putNodes merges nodes on gid and replaces their properties; an id given a node again no
// longer redirects.
func (s *Store) putNodes(ctx context.Context, tx neo4j.ManagedTransaction, nodeRows map[ecosystem.NodeType][]map[string]any) (created, updated int, err error) {
	for _, t := range ecosystem.AllNodeTypes {
		rows := nodeRows[t]
		if len(rows) == 0 {
			continue
		}
		// SET n = props replaces the node whole; the label is a constant of the model.
		recs, err := s.run(ctx, tx, fmt.Sprintf(`
			UNWIND $rows AS row
			OPTIONAL MATCH (old:Entity {gid: row.gid})
			OPTIONAL MATCH (redirect:Redirect {gid: row.gid})
			DELETE redirect
			WITH row, old IS NULL AS created
			MERGE (n:Entity {gid: row.gid})
			SET n = row.props, n:%s
			RETURN sum(CASE WHEN created THEN 1 ELSE 0 END) AS created, count(*) AS total`, label(t)),
			map[string]any{"rows": rows})
		if err != nil {
			return 0, 0, err
		}
		c := int(get(recs[0], "created").(int64))
		created += c
		updated += int(get(recs[0], "total").(int64)) - c
	}
	return created, updated, nil
}

// putRelations merges relations on their ends and type and replaces their properties.
func (s *Store) putRelations(ctx context.Context, tx neo4j.ManagedTransaction, relRows map[ecosystem.RelationType][]map[string]any) (created, updated int, err error) {
	for _, t := range sortedRelTypes(relRows) {
		recs, err := s.run(ctx, tx, fmt.Sprintf(`
			UNWIND $rows AS row
			MATCH (a:Entity {gid: row.from}), (b:Entity {gid: row.to})
			OPTIONAL MATCH (a)-[old:%[1]s]->(b)
			WITH a, b, row, old IS NULL AS created
			MERGE (a)-[r:%[1]s]->(b)
			SET r = row.props
			RETURN sum(CASE WHEN created THEN 1 ELSE 0 END) AS created, count(*) AS total`, t),
			map[string]any{"rows": relRows[t]})
		if err != nil {
			return 0, 0, err
		}
		c := int(get(recs[0], "created").(int64))
		total := int(get(recs[0], "total").(int64))
		if total != len(relRows[t]) {
			return 0, 0, fmt.Errorf("wrote %d of %d %s relations: an end is missing", total, len(relRows[t]), t)
		}
		created += c
		updated += total - c
	}
	return created, updated, nil
}

// merge folds one node into another inside the transaction (see store.Merge): it reads both
// nodes and their relations, plans with store.PlanMerge, and writes the plan and the redirect.
func (s *Store) merge(ctx context.Context, tx neo4j.ManagedTransaction, m store.Merge) (store.ApplyResult, error) {
	var res store.ApplyResult
	recs, err := s.run(ctx, tx, `
		UNWIND $gids AS g
		MATCH (n:Entity {gid: g})
		RETURN g, n.type AS type, n.doc AS doc,
		       [(n)-[r]-() | `+relMap("r")+`] AS rels`,
		map[string]any{"gids": []string{m.Survivor.GlobalID(), m.Merged.GlobalID()}})
	if err != nil {
		return res, err
	}
	nodes := map[string]ecosystem.Node{}
	rels := map[string][]*ecosystem.Relation{}
	for _, rec := range recs {
		g := str(get(rec, "g"))
		n, err := decodeNode(str(get(rec, "type")), str(get(rec, "doc")))
		if err != nil {
			return res, err
		}
		nodes[g] = n
		list, _ := get(rec, "rels").([]any)
		for _, v := range list {
			r, err := decodeRel(v)
			if err != nil {
				return res, err
			}
			rels[g] = append(rels[g], r)
		}
	}
	survivor, merged := nodes[m.Survivor.GlobalID()], nodes[m.Merged.GlobalID()]
	if survivor == nil || merged == nil {
		return res, store.NotFoundf("%s or %s vanished before the merge", m.Survivor, m.Merged)
	}
	plan := store.PlanMerge(survivor, merged, rels[m.Survivor.GlobalID()], rels[m.Merged.GlobalID()])
	recs, err = s.run(ctx, tx, `
		MATCH (n:Entity {gid: $merged})
		OPTIONAL MATCH (n)-[r]-()
		WITH n, count(DISTINCT r) AS rels
		DETACH DELETE n
		RETURN rels`, map[string]any{"merged": m.Merged.GlobalID()})
	if err != nil {
		return res, err
	}
	res.RelationsDeleted = int(get(recs[0], "rels").(int64))
	props, err := nodeProps(plan.Survivor)
	if err != nil {
		return res, err
	}
	if _, _, err := s.putNodes(ctx, tx, map[ecosystem.NodeType][]map[string]any{
		m.Survivor.Type: {{"gid": props["gid"], "props": props}},
	}); err != nil {
		return res, err
	}
	relRows := map[ecosystem.RelationType][]map[string]any{}
	for _, r := range plan.PutRelations {
		p, err := relProps(r)
		if err != nil {
			return res, err
		}
		relRows[r.Type] = append(relRows[r.Type], map[string]any{"from": r.From.GlobalID(), "to": r.To.GlobalID(), "props": p})
	}
	created, updated, err := s.putRelations(ctx, tx, relRows)
	if err != nil {
		return res, err
	}
	if _, err := s.run(ctx, tx, `
		MERGE (r:Redirect {gid: $merged}) SET r.target = $survivor
		WITH r
		OPTIONAL MATCH (old:Redirect {target: $merged})
		SET old.target = $survivor`,
		map[string]any{"merged": m.Merged.GlobalID(), "survivor": m.Survivor.GlobalID()}); err != nil {
		return res, err
	}
	res.RelationsCreated, res.RelationsUpdated = created, updated
	res.NodesMerged, res.NodesDeleted, res.NodesUpdated = 1, 1, 1
	return res, nil
}

// checkDeletions refuses deleting what does not exist, and sources that facts left in the graph
// would still cite, as the embedded store does.
func (s *Store) checkDeletions(ctx context.Context, tx neo4j.ManagedTransaction, cs store.ChangeSet) error {
	if len(cs.DeleteNodes) == 0 && len(cs.DeleteRelations) == 0 {
		return nil
	}
	if len(cs.DeleteNodes) > 0 {
		recs, err := s.run(ctx, tx, "UNWIND $gids AS g OPTIONAL MATCH (n:Entity {gid: g}) RETURN g, n IS NOT NULL AS found",
			map[string]any{"gids": gids(cs.DeleteNodes)})
		if err != nil {
			return err
		}
		for i, rec := range recs {
			if !get(rec, "found").(bool) {
				return store.NotFoundf("deleteNodes[%d]: %s does not exist", i, str(get(rec, "g")))
			}
		}
	}
	for i, id := range cs.DeleteRelations {
		t, _ := ecosystem.RelationTypeOfID(id)
		recs, err := s.run(ctx, tx, fmt.Sprintf("OPTIONAL MATCH ()-[r:%s {id: $id}]->() RETURN r IS NOT NULL AS found", t), map[string]any{"id": id})
		if err != nil {
			return err
		}
		if !get(recs[0], "found").(bool) {
			return store.NotFoundf("deleteRelations[%d]: relation %s does not exist", i, id)
		}
	}
	var sources []string
	for _, k := range cs.DeleteNodes {
		if k.Type == ecosystem.NodeSource {
			sources = append(sources, k.Slug)
		}
	}
	if len(sources) == 0 {
		return nil
	}
	var replaced, deletedRels []string
	for _, n := range cs.PutNodes {
		replaced = append(replaced, n.Key().GlobalID())
	}
	for _, r := range cs.PutRelations {
		deletedRels = append(deletedRels, r.ID) // replaced relations carry their new citations
	}
	deletedRels = append(deletedRels, cs.DeleteRelations...)
	// Citations are JSON; a source slug appears in them as "Source":"<slug>".
	recs, err := s.run(ctx, tx, `
		UNWIND $sources AS src
		WITH src, '"Source":"' + src + '"' AS needle
		CALL (src, needle) {
			MATCH (n:Entity) WHERE n.doc CONTAINS needle AND NOT n.gid IN $deleted AND NOT n.gid IN $replaced
			RETURN 'node' AS what, n.gid AS id, '' AS desc
			UNION ALL
			MATCH (a)-[r]->(b) WHERE r.sources CONTAINS needle AND NOT r.id IN $deletedRels
			  AND NOT a.gid IN $deleted AND NOT b.gid IN $deleted
			RETURN 'relation' AS what, r.id AS id, type(r) + ' ' + a.gid + ' → ' + b.gid AS desc
		}
		RETURN src, what, id, desc ORDER BY src, what, id`,
		map[string]any{"sources": sources, "deleted": gids(cs.DeleteNodes), "replaced": replaced, "deletedRels": deletedRels})
	if err != nil {
		return err
	}
	if len(recs) == 0 {
		return nil
	}
	var p store.Problems
	for _, rec := range recs {
		if str(get(rec, "what")) == "node" {
			p.Add("deleteNodes", "", "source %s is still cited by %s", str(get(rec, "src")), str(get(rec, "id")))
		} else {
			p.Add("deleteNodes", "", "source %s is still cited by relation %s (%s)", str(get(rec, "src")), str(get(rec, "id")), str(get(rec, "desc")))
		}
	}
	list := p.List()
	slices.SortFunc(list, func(a, b store.Problem) int { return strings.Compare(a.String(), b.String()) })
	return &store.ConflictError{Problems: list}
}

// lockExisting reports which keys name a node, taking each found node's write lock for the rest
// of the transaction (setting a property is how Cypher takes one).
func (s *Store) lockExisting(ctx context.Context, tx neo4j.ManagedTransaction, keys []ecosystem.NodeKey) (map[ecosystem.NodeKey]bool, error) {
	recs, err := s.run(ctx, tx, `
		UNWIND $gids AS g
		MATCH (n:Entity {gid: g})
		SET n.lock = true
		REMOVE n.lock
		RETURN n.gid AS gid`, map[string]any{"gids": gids(keys)})
	if err != nil {
		return nil, err
	}
	found := make(map[ecosystem.NodeKey]bool, len(recs))
	for _, rec := range recs {
		k, err := keyOf(get(rec, "gid"))
		if err != nil {
			return nil, err
		}
		found[k] = true
	}
	return found, nil
}

// relationsByIDTx reads relations by id inside a transaction, aligned with ids.
func (s *Store) relationsByIDTx(ctx context.Context, tx neo4j.ManagedTransaction, ids []string) ([]*ecosystem.Relation, error) {
	out := make([]*ecosystem.Relation, len(ids))
	for i, id := range ids {
		t, ok := ecosystem.RelationTypeOfID(id)
		if !ok {
			continue
		}
		recs, err := s.run(ctx, tx, fmt.Sprintf("MATCH ()-[r:%s {id: $id}]->() RETURN %s AS rel", t, relMap("r")), map[string]any{"id": id})
		if err != nil {
			return nil, err
		}
		if len(recs) > 0 {
			if out[i], err = decodeRel(get(recs[0], "rel")); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// exists reports which keys name a node; ValidateChangeSet uses it.
func (s *Store) exists(ctx context.Context, keys []ecosystem.NodeKey) (map[ecosystem.NodeKey]bool, error) {
	recs, err := s.read(ctx, "UNWIND $gids AS g MATCH (n:Entity {gid: g}) RETURN n.gid AS gid", map[string]any{"gids": gids(keys)})
	if err != nil {
		return nil, err
	}
	found := make(map[ecosystem.NodeKey]bool, len(recs))
	for _, rec := range recs {
		k, err := keyOf(get(rec, "gid"))
		if err != nil {
			return nil, err
		}
		found[k] = true
	}
	return found, nil
}

func sortedRelTypes[V any](m map[ecosystem.RelationType]V) []ecosystem.RelationType {
	out := make([]ecosystem.RelationType, 0, len(m))
	for t := range m {
		out = append(out, t)
	}
	slices.Sort(out)
	return out
}

func dedupeKeys(keys []ecosystem.NodeKey) []ecosystem.NodeKey {
	var out []ecosystem.NodeKey
	for _, k := range keys {
		if !slices.Contains(out, k) {
			out = append(out, k)
		}
	}
	return out
}
