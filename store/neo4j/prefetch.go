package neo4j

import (
	"context"
	"fmt"
	"strings"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// Prefetch implements store.Prefetcher: the whole plan is one query, written from the plan's
// shape (relationship types and directions in the patterns, keys and the bound as parameters),
// so that one selection of fields gives one text, which Neo4j plans once. Every step is a
// subquery that first counts the node's relations of the step from the degree store and
// expands them only under the bound, then runs its own steps on each other end, and collects.
func (s *Store) Prefetch(ctx context.Context, keys []ecosystem.NodeKey, plan store.ReadPlan) (*store.Prefetched, error) {
	out := &store.Prefetched{}
	if len(keys) == 0 {
		return out, nil
	}
	w := &planWriter{}
	steps, err := w.steps("n0", plan, 1)
	if err != nil {
		return nil, err
	}
	cypher := "UNWIND $gids AS g\nMATCH (n0:Entity {gid: g})\n" + w.b.String() +
		"RETURN " + nodeMap("n0") + " AS node, [" + strings.Join(steps, ", ") + "] AS steps"
	recs, err := s.read(ctx, cypher, map[string]any{"gids": gids(keys), "maxEnds": store.MaxFetchedEnds})
	if err != nil {
		return nil, err
	}
	d := &planReader{out: out, nodes: map[ecosystem.NodeKey]bool{}, rels: map[string]bool{}}
	for _, rec := range recs {
		n, err := d.node(get(rec, "node"))
		if err != nil {
			return nil, err
		}
		steps, _ := get(rec, "steps").([]any)
		if err := d.steps(n.Key(), plan, steps); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// planWriter writes the subqueries of a plan; every variable gets a number of its own.
type planWriter struct {
	b    strings.Builder
	next int
}

// steps writes one subquery per step on the node variable v, at the given indent, and returns
// the variables that hold their answers.
func (w *planWriter) steps(v string, plan store.ReadPlan, depth int) ([]string, error) {
	indent := strings.Repeat("\t", depth-1)
	var vars []string
	for _, st := range plan {
		w.next++
		i := w.next
		pattern, err := relPattern(fmt.Sprintf("r%d", i), st.Query.Types)
		if err != nil {
			return nil, err
		}
		bare, _ := relPattern("", st.Query.Types)
		var match, count string
		switch st.Query.Direction {
		case ecosystem.DirOut:
			match, count = fmt.Sprintf("(%s)-%s->(m%d)", v, pattern, i), fmt.Sprintf("(%s)-%s->()", v, bare)
		case ecosystem.DirIn:
			match, count = fmt.Sprintf("(%s)<-%s-(m%d)", v, pattern, i), fmt.Sprintf("(%s)<-%s-()", v, bare)
		case ecosystem.DirBoth, "":
			match, count = fmt.Sprintf("(%s)-%s-(m%d)", v, pattern, i), fmt.Sprintf("(%s)-%s-()", v, bare)
		default:
			return nil, store.CheckDirection(st.Query.Direction)
		}
		fmt.Fprintf(&w.b, "%sCALL (%s) {\n", indent, v)
		fmt.Fprintf(&w.b, "%s\tWITH %s, COUNT { %s } <= $maxEnds AS ok%d\n", indent, v, count, i)
		fmt.Fprintf(&w.b, "%s\tOPTIONAL MATCH %s WHERE ok%d\n", indent, match, i)
		sub, err := w.steps(fmt.Sprintf("m%d", i), st.Next, depth+1)
		if err != nil {
			return nil, err
		}
		fmt.Fprintf(&w.b, "%s\tWITH ok%[2]d, collect(CASE WHEN r%[2]d IS NULL THEN null ELSE {rel: %[3]s, end: %[5]s, sub: [%[4]s]} END) AS rels%[2]d\n",
			indent, i, relMap(fmt.Sprintf("r%d", i)), strings.Join(sub, ", "), nodeMap(fmt.Sprintf("m%d", i)))
		fmt.Fprintf(&w.b, "%s\tRETURN {ok: ok%[2]d, rels: rels%[2]d} AS s%[2]d\n%[1]s}\n", indent, i)
		vars = append(vars, fmt.Sprintf("s%d", i))
	}
	return vars, nil
}

// planReader turns the answer of a plan's query into a store.Prefetched.
type planReader struct {
	out   *store.Prefetched
	nodes map[ecosystem.NodeKey]bool
	rels  map[string]bool
}

func (d *planReader) node(v any) (ecosystem.Node, error) {
	n, err := decodeNodeMap(v)
	if err != nil {
		return nil, err
	}
	if !d.nodes[n.Key()] {
		d.nodes[n.Key()] = true
		d.out.Nodes = append(d.out.Nodes, n)
	}
	return n, nil
}

// steps reads the answers of plan's steps for the node self.
func (d *planReader) steps(self ecosystem.NodeKey, plan store.ReadPlan, vals []any) error {
	if len(vals) != len(plan) {
		return fmt.Errorf("prefetch: %d answers for %d steps", len(vals), len(plan))
	}
	for si, st := range plan {
		m, _ := vals[si].(map[string]any)
		if ok, _ := m["ok"].(bool); !ok {
			continue // over the bound: the loaders ask for these relations themselves
		}
		id := self.GlobalID() + "|" + string(st.Query.Direction) + "|" + fmt.Sprint(st.Query.Types)
		first := !d.rels[id]
		d.rels[id] = true
		rows, _ := m["rels"].([]any)
		rels := make([]*ecosystem.Relation, 0, len(rows))
		for _, row := range rows {
			rm, _ := row.(map[string]any)
			r, err := decodeRel(rm["rel"])
			if err != nil {
				return err
			}
			rels = append(rels, r)
			end, err := d.node(rm["end"])
			if err != nil {
				return err
			}
			sub, _ := rm["sub"].([]any)
			if err := d.steps(end.Key(), st.Next, sub); err != nil {
				return err
			}
		}
		if !first {
			continue
		}
		sortRelations(rels, self)
		d.out.Relations = append(d.out.Relations, store.PrefetchedRelations{Key: self, Query: st.Query, Relations: rels})
	}
	return nil
}
