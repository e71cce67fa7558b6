package main

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// instrumentedStore measures every store call and bounds it with a timeout of its own, so that a
// slow database answers TIMEOUT instead of holding the request until the client gives up.
type instrumentedStore struct {
	store.Store
	m       *metrics
	timeout time.Duration
}

// call runs one store method under the timeout and records its duration and outcome.
func call[T any](ctx context.Context, s *instrumentedStore, method string, f func(context.Context) (T, error)) (T, error) {
	ctx, cancel := context.WithTimeout(ctx, s.timeout)
	defer cancel()
	start := time.Now()
	v, err := f(ctx)
	s.m.storeDuration.WithLabelValues(method).Observe(time.Since(start).Seconds())
	if err != nil {
		kind := errorKind(err)
		s.m.storeErrors.WithLabelValues(method, kind).Inc()
		if kind == "timeout" {
			s.m.storeTimeouts.Inc()
			err = fmt.Errorf("store call %s exceeded %v: %w", method, s.timeout, err)
		}
	}
	return v, err
}

func errorKind(err error) string {
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "cancelled"
	case errors.Is(err, store.ErrNotFound):
		return "not_found"
	case errors.Is(err, store.ErrInvalid):
		return "invalid"
	case errors.Is(err, store.ErrConflict):
		return "conflict"
	case errors.Is(err, store.ErrUnavailable):
		return "unavailable"
	}
	return "internal"
}

func (s *instrumentedStore) Nodes(ctx context.Context, keys []ecosystem.NodeKey) ([]ecosystem.Node, error) {
	return call(ctx, s, "Nodes", func(ctx context.Context) ([]ecosystem.Node, error) { return s.Store.Nodes(ctx, keys) })
}

func (s *instrumentedStore) Relations(ctx context.Context, keys []ecosystem.NodeKey, q store.RelationQuery) ([][]*ecosystem.Relation, error) {
	return call(ctx, s, "Relations", func(ctx context.Context) ([][]*ecosystem.Relation, error) { return s.Store.Relations(ctx, keys, q) })
}

func (s *instrumentedStore) RelationsBatch(ctx context.Context, reqs []store.RelationRequest) ([][][]*ecosystem.Relation, error) {
	return call(ctx, s, "RelationsBatch", func(ctx context.Context) ([][][]*ecosystem.Relation, error) { return s.Store.RelationsBatch(ctx, reqs) })
}

func (s *instrumentedStore) RelationsByID(ctx context.Context, ids []string) ([]*ecosystem.Relation, error) {
	return call(ctx, s, "RelationsByID", func(ctx context.Context) ([]*ecosystem.Relation, error) { return s.Store.RelationsByID(ctx, ids) })
}

func (s *instrumentedStore) Organisations(ctx context.Context, f store.OrganisationFilter, o store.OrganisationOrder, p store.Page) (*store.OrganisationPage, error) {
	return call(ctx, s, "Organisations", func(ctx context.Context) (*store.OrganisationPage, error) { return s.Store.Organisations(ctx, f, o, p) })
}

func (s *instrumentedStore) Practices(ctx context.Context, f store.PracticeFilter) ([]*ecosystem.Practice, error) {
	return call(ctx, s, "Practices", func(ctx context.Context) ([]*ecosystem.Practice, error) { return s.Store.Practices(ctx, f) })
}

func (s *instrumentedStore) Sources(ctx context.Context) ([]*ecosystem.Source, error) {
	return call(ctx, s, "Sources", func(ctx context.Context) ([]*ecosystem.Source, error) { return s.Store.Sources(ctx) })
}

func (s *instrumentedStore) Search(ctx context.Context, q store.SearchQuery) ([]ecosystem.SearchHit, error) {
	return call(ctx, s, "Search", func(ctx context.Context) ([]ecosystem.SearchHit, error) { return s.Store.Search(ctx, q) })
}

func (s *instrumentedStore) Partners(ctx context.Context, q store.PartnerQuery) ([]ecosystem.Partnership, error) {
	return call(ctx, s, "Partners", func(ctx context.Context) ([]ecosystem.Partnership, error) { return s.Store.Partners(ctx, q) })
}

func (s *instrumentedStore) Hosts(ctx context.Context, q store.HostQuery) ([]ecosystem.HostMatch, error) {
	return call(ctx, s, "Hosts", func(ctx context.Context) ([]ecosystem.HostMatch, error) { return s.Store.Hosts(ctx, q) })
}

func (s *instrumentedStore) Paths(ctx context.Context, q store.PathQuery) ([]ecosystem.Path, error) {
	return call(ctx, s, "Paths", func(ctx context.Context) ([]ecosystem.Path, error) { return s.Store.Paths(ctx, q) })
}

func (s *instrumentedStore) Neighbourhood(ctx context.Context, q store.NeighbourhoodQuery) (*ecosystem.Neighbourhood, error) {
	return call(ctx, s, "Neighbourhood", func(ctx context.Context) (*ecosystem.Neighbourhood, error) { return s.Store.Neighbourhood(ctx, q) })
}

func (s *instrumentedStore) Timeline(ctx context.Context, q store.TimelineQuery) ([]ecosystem.TimelineEntry, error) {
	return call(ctx, s, "Timeline", func(ctx context.Context) ([]ecosystem.TimelineEntry, error) { return s.Store.Timeline(ctx, q) })
}

func (s *instrumentedStore) Stats(ctx context.Context, q store.StatsQuery) (*ecosystem.Stats, error) {
	return call(ctx, s, "Stats", func(ctx context.Context) (*ecosystem.Stats, error) { return s.Store.Stats(ctx, q) })
}

func (s *instrumentedStore) Apply(ctx context.Context, cs store.ChangeSet) (store.ApplyResult, error) {
	return call(ctx, s, "Apply", func(ctx context.Context) (store.ApplyResult, error) { return s.Store.Apply(ctx, cs) })
}

func (s *instrumentedStore) Ping(ctx context.Context) error {
	_, err := call(ctx, s, "Ping", func(ctx context.Context) (struct{}, error) { return struct{}{}, s.Store.Ping(ctx) })
	return err
}

// remoteStore is a store for which every call is a round trip, which can therefore read
// relations with their ends and prefetch read plans (Neo4j).
type remoteStore interface {
	store.EndsReader
	store.Prefetcher
}

// instrumentedRemote is an instrumentedStore over a remoteStore: it keeps the two calls that
// save round trips visible to the loaders and the resolvers, measured and bounded like the rest.
type instrumentedRemote struct {
	*instrumentedStore
	remote remoteStore
}

// instrument wraps base in the instrumented store that keeps what base can do.
func instrument(base store.Store, m *metrics, timeout time.Duration) store.Store {
	s := &instrumentedStore{Store: base, m: m, timeout: timeout}
	if r, ok := base.(remoteStore); ok {
		return &instrumentedRemote{instrumentedStore: s, remote: r}
	}
	return s
}

type withEnds struct {
	rels [][][]*ecosystem.Relation
	ends []ecosystem.Node
}

func (s *instrumentedRemote) RelationsBatchWithEnds(ctx context.Context, reqs []store.RelationRequest) ([][][]*ecosystem.Relation, []ecosystem.Node, error) {
	v, err := call(ctx, s.instrumentedStore, "RelationsBatchWithEnds", func(ctx context.Context) (withEnds, error) {
		rels, ends, err := s.remote.RelationsBatchWithEnds(ctx, reqs)
		return withEnds{rels, ends}, err
	})
	return v.rels, v.ends, err
}

func (s *instrumentedRemote) Prefetch(ctx context.Context, keys []ecosystem.NodeKey, plan store.ReadPlan) (*store.Prefetched, error) {
	return call(ctx, s.instrumentedStore, "Prefetch", func(ctx context.Context) (*store.Prefetched, error) { return s.remote.Prefetch(ctx, keys, plan) })
}
