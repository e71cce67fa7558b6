package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/wtz-graph/kg/seed"
	"github.com/wtz-graph/kg/store"
	"github.com/wtz-graph/kg/store/memory"
	"github.com/wtz-graph/kg/store/neo4j"
)

// openStore opens the configured backend. The embedded store is seeded before the server
// listens. Neo4j is prepared in the background (schema, then the seed when asked), retrying
// until it answers, so that the server starts and reports not-ready instead of failing while
// the database is still coming up; the readiness gate opens once preparation is done.
func openStore(ctx context.Context, cfg Config, logger *slog.Logger) (store.Store, error) {
	switch cfg.Store {
	case "memory":
		s := memory.New()
		if cfg.DataDir != "" {
			var err error
			if s, err = memory.OpenWith(cfg.DataDir, memory.Options{Logger: logger, SnapshotAfter: cfg.SnapshotAfter}); err != nil {
				return nil, err
			}
			if !s.IsNew() {
				logger.Info("opened the persisted graph; the seed is applied only to an empty store", "data_dir", cfg.DataDir)
				return s, nil
			}
		}
		if cfg.Seed {
			if err := applySeed(ctx, s, logger); err != nil {
				return nil, err
			}
		}
		return s, nil
	case "neo4j":
		s, err := neo4j.Open(neo4j.Config{URI: cfg.Neo4j.URI, User: cfg.Neo4j.User, Password: cfg.Neo4j.Password, Database: cfg.Neo4j.Database, Logger: logger, Profile: cfg.Neo4j.Profile})
		if err != nil {
			return nil, err
		}
		g := &gatedStore{Store: s}
		go g.prepare(ctx, cfg, s, logger)
		return g, nil
	}
	return nil, fmt.Errorf("unknown store %q", cfg.Store)
}

// applySeed loads the curated seed into s idempotently and logs what it did.
func applySeed(ctx context.Context, s store.Store, logger *slog.Logger) error {
	start := time.Now()
	ds, err := seed.LoadEmbedded()
	if err != nil {
		return fmt.Errorf("load seed: %w", err)
	}
	res, err := s.Apply(ctx, ds.ChangeSet())
	if err != nil {
		return fmt.Errorf("apply seed: %w", err)
	}
	logger.Info("seeded", "nodes_created", res.NodesCreated, "nodes_updated", res.NodesUpdated,
		"relations_created", res.RelationsCreated, "relations_updated", res.RelationsUpdated,
		"duration", time.Since(start).Round(time.Millisecond))
	return nil
}

// gatedStore reports not ready until the Neo4j schema (and seed) are in place.
type gatedStore struct {
	*neo4j.Store
	prepared atomic.Bool
}

var errPreparing = fmt.Errorf("%w: the database is being prepared", store.ErrUnavailable)

// Ping implements store.Store.
func (g *gatedStore) Ping(ctx context.Context) error {
	if !g.prepared.Load() {
		return errPreparing
	}
	return g.Store.Ping(ctx)
}

// prepare creates the schema and applies the seed, retrying with backoff while Neo4j is
// unreachable, until it succeeds or ctx ends.
func (g *gatedStore) prepare(ctx context.Context, cfg Config, s *neo4j.Store, logger *slog.Logger) {
	backoff := 500 * time.Millisecond
	for {
		err := s.EnsureSchema(ctx)
		if err == nil && cfg.Seed {
			// Only an empty database is seeded at start: re-applying the seed would undo edits,
			// merges and deletions of seeded entities. `server seed` re-applies it on purpose.
			var empty bool
			if empty, err = s.IsEmpty(ctx); err == nil && empty {
				err = applySeed(ctx, s, logger)
			} else if err == nil {
				logger.Info("neo4j already holds a graph; the seed is applied only to an empty database")
			}
		}
		if err == nil {
			g.prepared.Store(true)
			logger.Info("neo4j ready", "uri", cfg.Neo4j.URI, "database", cfg.Neo4j.Database)
			return
		}
		if ctx.Err() != nil {
			return
		}
		level := slog.LevelWarn
		if !errors.Is(err, store.ErrUnavailable) {
			level = slog.LevelError
		}
		logger.Log(ctx, level, "neo4j not ready; retrying", "error", err, "in", backoff)
		select {
		case <-ctx.Done():
			return
		case <-time.After(backoff):
		}
		backoff = min(backoff*2, 30*time.Second)
	}
}

// waitPrepared waits until the schema (and seed) are in place, for commands that need the
// database before they can start.
func (g *gatedStore) waitPrepared(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for !g.prepared.Load() {
		if time.Now().After(deadline) {
			return fmt.Errorf("%w: Neo4j was not ready within %v", store.ErrUnavailable, limit)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
	return nil
}
