// Package memory is the embedded, in-process store: the default backend and the executable
// specification of the Store contract. It keeps the graph in maps with adjacency lists and a
// term index, guarded by a read-write lock; reads return copies, orderings are stable.
package memory

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// Store is the embedded store. The zero value is not usable; call New.
type Store struct {
	mu     sync.RWMutex
	g      *graph
	closed bool
	// wal persists change sets when the store was opened on a data directory; nil otherwise.
	wal *wal
	// scratch pools the working memory of searches (see search.go).
	scratch sync.Pool
}

var _ store.Store = (*Store)(nil)

// New returns an empty store.
func New() *Store { return &Store{g: newGraph()} }

// read runs f under the read lock, after checking the context and that the store is open.
func (s *Store) read(ctx context.Context, f func(g *graph) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	if s.closed {
		return fmt.Errorf("%w: the store is closed", store.ErrUnavailable)
	}
	return f(s.g)
}

// Ping implements store.Store.
func (s *Store) Ping(ctx context.Context) error {
	return s.read(ctx, func(*graph) error { return nil })
}

// Close implements store.Store. Later calls fail with ErrUnavailable.
func (s *Store) Close(context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closed = true
	if s.wal != nil {
		return s.wal.close()
	}
	return nil
}

// Nodes implements store.Store.
func (s *Store) Nodes(ctx context.Context, keys []ecosystem.NodeKey) ([]ecosystem.Node, error) {
	out := make([]ecosystem.Node, len(keys))
	err := s.read(ctx, func(g *graph) error {
		for i, k := range keys {
			if rec, ok := g.lookup(k); ok {
				out[i] = g.copyOut(rec)
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
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

// RelationsBatch implements store.Store: every request under one read lock.
func (s *Store) RelationsBatch(ctx context.Context, reqs []store.RelationRequest) ([][][]*ecosystem.Relation, error) {
	type plan struct {
		dir   ecosystem.Direction
		types map[ecosystem.RelationType]bool
	}
	plans := make([]plan, len(reqs))
	for i, r := range reqs {
		dir := r.Query.Direction
		if dir == "" {
			dir = ecosystem.DirBoth
		}
		if err := store.CheckDirection(dir); err != nil {
			return nil, err
		}
		plans[i] = plan{dir, typeSet(r.Query.Types)}
	}
	out := make([][][]*ecosystem.Relation, len(reqs))
	err := s.read(ctx, func(g *graph) error {
		for ri, r := range reqs {
			res := make([][]*ecosystem.Relation, len(r.Keys))
			for i, k := range r.Keys {
				rec, ok := g.nodes[k]
				if !ok {
					continue
				}
				es := g.edges(rec, plans[ri].dir, plans[ri].types)
				rels := make([]*ecosystem.Relation, len(es))
				for j, e := range es {
					rels[j] = e.rel.Clone()
				}
				res[i] = rels
			}
			out[ri] = res
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// RelationsByID implements store.Store.
func (s *Store) RelationsByID(ctx context.Context, ids []string) ([]*ecosystem.Relation, error) {
	out := make([]*ecosystem.Relation, len(ids))
	err := s.read(ctx, func(g *graph) error {
		for i, id := range ids {
			if r, ok := g.rels[id]; ok {
				out[i] = r.Clone()
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// Apply implements store.Store: it validates the whole change set under the write lock, then
// applies it; nothing is changed when any check fails.
func (s *Store) Apply(ctx context.Context, cs store.ChangeSet) (store.ApplyResult, error) {
	var res store.ApplyResult
	if err := ctx.Err(); err != nil {
		return res, err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return res, fmt.Errorf("%w: the store is closed", store.ErrUnavailable)
	}
	g := s.g
	exists := func(_ context.Context, keys []ecosystem.NodeKey) (map[ecosystem.NodeKey]bool, error) {
		found := make(map[ecosystem.NodeKey]bool, len(keys))
		for _, k := range keys {
			if _, ok := g.nodes[k]; ok {
				found[k] = true
			}
		}
		return found, nil
	}
	if err := store.ValidateChangeSet(ctx, cs, exists); err != nil {
		return res, err
	}
	if err := g.checkDeletions(cs); err != nil {
		return res, err
	}
	if keys := store.IdentifierKeys(cs); len(keys) > 0 {
		holders := map[string]ecosystem.NodeKey{}
		for _, k := range keys {
			if rec, ok := g.identifiers[k]; ok {
				holders[k] = rec.key
			}
		}
		if err := store.IdentifierClashes(cs, holders); err != nil {
			return res, err
		}
	}

	// Every check has passed. The change is made durable first (when persisted), then applied;
	// from here on nothing can fail.
	if s.wal != nil {
		if err := s.wal.append(cs); err != nil {
			return res, err
		}
	}
	res = g.applyChanges(cs)
	g.refreshTerms()
	if s.wal != nil {
		s.wal.maybeSnapshot(g)
	}
	return res, nil
}

// applyChanges applies a validated change set: deletions, merges, then puts.
func (g *graph) applyChanges(cs store.ChangeSet) store.ApplyResult {
	var res store.ApplyResult
	for _, id := range cs.DeleteRelations {
		if g.deleteRelation(id) {
			res.RelationsDeleted++
		}
	}
	for _, k := range cs.DeleteNodes {
		// A key listed twice is deleted, and counted, once.
		if _, ok := g.nodes[k]; ok {
			res.RelationsDeleted += g.deleteNode(k)
			res.NodesDeleted++
		}
	}
	for _, m := range cs.Merges {
		if _, ok := g.nodes[m.Survivor]; !ok {
			continue
		}
		if _, ok := g.nodes[m.Merged]; !ok {
			continue
		}
		r := g.merge(m)
		res.NodesMerged += r.NodesMerged
		res.NodesDeleted += r.NodesDeleted
		res.NodesUpdated += r.NodesUpdated
		res.RelationsCreated += r.RelationsCreated
		res.RelationsUpdated += r.RelationsUpdated
		res.RelationsDeleted += r.RelationsDeleted
	}
	for _, n := range cs.PutNodes {
		if g.putNode(ecosystem.CloneNode(n)) {
			res.NodesCreated++
		} else {
			res.NodesUpdated++
		}
	}
	for _, r := range cs.PutRelations {
		if _, ok := g.nodes[r.From]; !ok {
			continue // only in a replay of a log written before its ends were deleted
		}
		if _, ok := g.nodes[r.To]; !ok {
			continue
		}
		if g.putRelation(r.Clone()) {
			res.RelationsCreated++
		} else {
			res.RelationsUpdated++
		}
	}
	for _, r := range cs.JoinRelations {
		if _, ok := g.nodes[r.From]; !ok {
			continue
		}
		if _, ok := g.nodes[r.To]; !ok {
			continue
		}
		if g.putRelation(store.JoinRelation(g.rels[r.ID], r)) {
			res.RelationsCreated++
		} else {
			res.RelationsUpdated++
		}
	}
	return res
}

// checkDeletions rejects deletions of what does not exist, and of sources that facts left in
// the graph would still cite.
func (g *graph) checkDeletions(cs store.ChangeSet) error {
	var p store.Problems
	deletedNodes := map[ecosystem.NodeKey]bool{}
	for i, k := range cs.DeleteNodes {
		if _, ok := g.nodes[k]; !ok {
			return store.NotFoundf("deleteNodes[%d]: %s does not exist", i, k)
		}
		deletedNodes[k] = true
	}
	deletedRels := map[string]bool{}
	for i, id := range cs.DeleteRelations {
		if _, ok := g.rels[id]; !ok {
			return store.NotFoundf("deleteRelations[%d]: relation %s does not exist", i, id)
		}
		deletedRels[id] = true
	}
	sources := map[string]bool{}
	for k := range deletedNodes {
		if k.Type == ecosystem.NodeSource {
			sources[k.Slug] = true
		}
	}
	if len(sources) == 0 {
		return nil
	}
	// Nodes and relations the change set puts are replaced whole: their old citations do not
	// count, and ValidateChangeSet has already checked that their new ones exist.
	replaced := map[ecosystem.NodeKey]bool{}
	for _, n := range cs.PutNodes {
		replaced[n.Key()] = true
	}
	replacedRels := map[string]bool{}
	for _, r := range cs.PutRelations {
		replacedRels[r.ID] = true
	}
	for k, rec := range g.nodes {
		if deletedNodes[k] || replaced[k] {
			continue
		}
		for _, c := range rec.n.Common().Sources {
			if sources[c.Source] {
				p.Add("deleteNodes", "", "source %s is still cited by %s", c.Source, k)
			}
		}
	}
	for id, r := range g.rels {
		if deletedRels[id] || replacedRels[id] || deletedNodes[r.From] || deletedNodes[r.To] {
			continue
		}
		for _, c := range r.Sources {
			if sources[c.Source] {
				p.Add("deleteNodes", "", "source %s is still cited by relation %s (%s %s → %s)", c.Source, id, r.Type, r.From, r.To)
			}
		}
	}
	if p.Len() > 0 {
		list := p.List()
		slices.SortFunc(list, func(a, b store.Problem) int { return strings.Compare(a.String(), b.String()) })
		return &store.ConflictError{Problems: list}
	}
	return nil
}
