// Package neo4j is the production backend: the Store contract over a Neo4j 5 server through the
// official Go driver. One driver per process; reads are auto-commit queries in read sessions
// (see read), writes go through ExecuteQuery or one write transaction for a change set, always
// with the database named; values only travel as parameters, and labels and relationship types
// come from the model's constants. Analysis queries run in Cypher on the server; the final
// ranking of partners and hosts uses the same Go functions as the embedded store, so both
// backends answer alike.
package neo4j

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/neo4j/neo4j-go-driver/v5/neo4j"
	"github.com/neo4j/neo4j-go-driver/v5/neo4j/config"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// Config says how to reach Neo4j. URI is bolt://host:port, or neo4j://host:port for a cluster
// with routing. An empty User means no authentication.
type Config struct {
	URI      string
	User     string
	Password string
	Database string
	// MaxRetryTime bounds how long the driver retries a query on transient errors (a cluster
	// changing leader); zero means 500ms, one retry. While Neo4j is unreachable the store's
	// breaker answers ErrUnavailable at once instead (see Store).
	MaxRetryTime time.Duration
	// Logger receives what EnsureSchema does to the data (nil: nothing is logged).
	Logger *slog.Logger
	// Profile runs every read with PROFILE and logs its plan (profile.go): for finding where a
	// slow request spends its time. It costs time itself; never on in production.
	Profile bool
}

// Store is the Neo4j backend.
type Store struct {
	driver neo4j.DriverWithContext
	db     string
	logger *slog.Logger
	// profile: every read runs with PROFILE and its plan is logged.
	profile bool
	// roundTrips counts the queries sent to the server, for tests that bound them.
	roundTrips atomic.Int64
	inFlight   atomic.Int64
	closed     atomic.Bool
	// downUntil is the breaker: after a connectivity failure, queries fail at once with
	// ErrUnavailable until this time (Unix nanoseconds); then one query tries again.
	downUntil atomic.Int64
}

// breakerCooldown is how long the breaker stays open after Neo4j could not be reached.
const breakerCooldown = time.Second

// errDown is returned while the breaker is open.
var errDown = fmt.Errorf("%w: Neo4j is unreachable; retrying", store.ErrUnavailable)

// errClosed is returned after Close.
var errClosed = fmt.Errorf("%w: the store is closed", store.ErrUnavailable)

var _ store.Store = (*Store)(nil)

// Open connects to Neo4j. It does not require the server to be up: readiness is Ping's job,
// and the driver reconnects by itself when the server comes back.
func Open(cfg Config) (*Store, error) {
	if cfg.URI == "" {
		return nil, fmt.Errorf("neo4j: the URI is empty (set NEO4J_URI)")
	}
	if cfg.Database == "" {
		cfg.Database = "neo4j"
	}
	retry := cfg.MaxRetryTime
	if retry == 0 {
		retry = 500 * time.Millisecond
	}
	auth := neo4j.NoAuth()
	if cfg.User != "" {
		auth = neo4j.BasicAuth(cfg.User, cfg.Password, "")
	}
	driver, err := neo4j.NewDriverWithContext(cfg.URI, auth, func(c *config.Config) {
		c.MaxTransactionRetryTime = retry
		c.SocketConnectTimeout = 2 * time.Second
		c.ConnectionAcquisitionTimeout = 5 * time.Second
		c.MaxConnectionPoolSize = 100
	})
	if err != nil {
		return nil, fmt.Errorf("neo4j: create driver: %w", err)
	}
	logger := cfg.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Store{driver: driver, db: cfg.Database, logger: logger, profile: cfg.Profile}, nil
}

// RoundTrips returns the number of queries sent so far.
func (s *Store) RoundTrips() int64 { return s.roundTrips.Load() }

// InFlight returns the number of queries waiting for an answer: connections in use. The Go
// driver exposes no pool metrics of its own; this is what the server can measure.
func (s *Store) InFlight() int64 { return s.inFlight.Load() }

// Ping implements store.Store: the server answers a trivial query.
func (s *Store) Ping(ctx context.Context) error {
	_, err := s.read(ctx, "RETURN 1", nil)
	return err
}

// Close implements store.Store.
func (s *Store) Close(ctx context.Context) error {
	if s.closed.Swap(true) {
		return nil
	}
	return s.driver.Close(ctx)
}

// read runs a read query as an auto-commit query in a read session, with the bookmarks of
// ExecuteQuery's manager (so it sees the writes before it, in a cluster too). A managed
// transaction would cost a second exchange with the server for its COMMIT, and a request makes
// several reads one after another; a read commits nothing. A read that meets a transient
// failure is tried once more, as ExecuteQuery would retry it.
func (s *Store) read(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	if s.closed.Load() {
		return nil, errClosed
	}
	if err := s.breakerOpen(); err != nil {
		return nil, err
	}
	s.roundTrips.Add(1)
	s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	recs, err := s.autoCommit(ctx, cypher, params)
	if err != nil && ctx.Err() == nil && retriable(err) {
		recs, err = s.autoCommit(ctx, cypher, params)
	}
	if err != nil {
		return nil, s.trip(classify(ctx, err))
	}
	s.downUntil.Store(0)
	return recs, nil
}

func (s *Store) autoCommit(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	session := s.driver.NewSession(ctx, neo4j.SessionConfig{
		AccessMode:      neo4j.AccessModeRead,
		DatabaseName:    s.db,
		BookmarkManager: s.driver.ExecuteQueryBookmarkManager(),
	})
	defer session.Close(context.WithoutCancel(ctx))
	if s.profile {
		return s.profiled(ctx, session, cypher, params)
	}
	res, err := session.Run(ctx, cypher, params)
	if err != nil {
		return nil, err
	}
	return res.Collect(ctx)
}

// retriable reports whether an error is worth one more try: a transient error of the server or
// a connection that broke (the pool hands out another).
func retriable(err error) bool { return neo4j.IsRetryable(err) }

// write runs a write query with writers routing.
func (s *Store) write(ctx context.Context, cypher string, params map[string]any) ([]*neo4j.Record, error) {
	return s.query(ctx, cypher, params, neo4j.ExecuteQueryWithWritersRouting())
}

func (s *Store) query(ctx context.Context, cypher string, params map[string]any, routing neo4j.ExecuteQueryConfigurationOption) ([]*neo4j.Record, error) {
	if s.closed.Load() {
		return nil, errClosed
	}
	if err := s.breakerOpen(); err != nil {
		return nil, err
	}
	s.roundTrips.Add(1)
	s.inFlight.Add(1)
	defer s.inFlight.Add(-1)
	res, err := neo4j.ExecuteQuery(ctx, s.driver, cypher, params, neo4j.EagerResultTransformer,
		neo4j.ExecuteQueryWithDatabase(s.db), routing)
	if err != nil {
		return nil, s.trip(classify(ctx, err))
	}
	s.downUntil.Store(0)
	return res.Records, nil
}

// breakerOpen returns errDown while the breaker is open. When the cooldown has passed it lets
// one caller through to try the database again.
func (s *Store) breakerOpen() error {
	until := s.downUntil.Load()
	if until == 0 {
		return nil
	}
	now := time.Now().UnixNano()
	if now < until {
		return errDown
	}
	// Half-open: the first caller after the cooldown tries; the others keep failing fast
	// until it succeeds or trips the breaker again.
	if !s.downUntil.CompareAndSwap(until, now+int64(breakerCooldown)) {
		return errDown
	}
	return nil
}

// trip opens the breaker when err says Neo4j is unreachable, and closes it otherwise. A
// cancelled or timed-out request says nothing about the database and leaves it as it is.
func (s *Store) trip(err error) error {
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	if errors.Is(err, store.ErrUnavailable) {
		s.downUntil.Store(time.Now().Add(breakerCooldown).UnixNano())
	} else {
		s.downUntil.Store(0)
	}
	return err
}

// classify maps driver errors onto the store's sentinels. The driver's text stays in the
// wrapped error for the logs; the GraphQL layer never shows it.
func classify(ctx context.Context, err error) error {
	var netErr net.Error
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("neo4j: %w (%v)", ctx.Err(), err)
	case neo4j.IsConnectivityError(err), errors.As(err, &netErr), neo4j.IsTransactionExecutionLimit(err):
		return fmt.Errorf("%w: neo4j: %v", store.ErrUnavailable, err)
	}
	var n4jErr *neo4j.Neo4jError
	if errors.As(err, &n4jErr) && strings.HasPrefix(n4jErr.Code, "Neo.TransientError") {
		return fmt.Errorf("%w: neo4j: %v", store.ErrUnavailable, err)
	}
	return fmt.Errorf("neo4j: %w", err)
}

// placeDepth and eventDepth bound the variable-length walks up the place hierarchy and up the
// events an event is part of, as the embedded store bounds them (ecosystem.MaxPlaceDepth,
// ecosystem.MaxEventDepth); Cypher takes no parameter there, so the bound is formatted in.
var (
	placeDepth = strconv.Itoa(ecosystem.MaxPlaceDepth)
	eventDepth = strconv.Itoa(ecosystem.MaxEventDepth)
)

// label is the Neo4j label of a node type (its GraphQL name); every node also has the label
// Entity. Types are validated before a label is formed, so no input reaches a query as text.
func label(t ecosystem.NodeType) string { return t.TypeName() }

// relTypes renders relation types as a Cypher relationship-type union ("HOSTED|PART_OF"), from
// the allow-list only; "" for all types.
func relTypes(types []ecosystem.RelationType) (string, error) {
	parts := make([]string, 0, len(types))
	for _, t := range types {
		if !t.IsValid() {
			return "", store.Invalidf("unknown relation type %q", t)
		}
		parts = append(parts, string(t))
	}
	return strings.Join(parts, "|"), nil
}

// relPattern renders `[r:TYPES]` or `[r]`.
func relPattern(name string, types []ecosystem.RelationType) (string, error) {
	u, err := relTypes(types)
	if err != nil {
		return "", err
	}
	if u == "" {
		return "[" + name + "]", nil
	}
	return "[" + name + ":" + u + "]", nil
}

// schema is created idempotently at start: uniqueness of ids, a full-text index over the
// analysed names (see package polish), a point index for places, indexes on what filters use,
// and per relationship type an index on the relation id.
func schema() []string {
	stmts := []string{
		"CREATE CONSTRAINT entity_gid IF NOT EXISTS FOR (n:Entity) REQUIRE n.gid IS UNIQUE",
		"CREATE FULLTEXT INDEX entity_search IF NOT EXISTS FOR (n:Entity) ON EACH [n.searchText] " +
			"OPTIONS {indexConfig: {`fulltext.analyzer`: 'whitespace', `fulltext.eventually_consistent`: false}}",
		"CREATE POINT INDEX place_point IF NOT EXISTS FOR (p:Place) ON (p.point)",
		"CREATE CONSTRAINT redirect_gid IF NOT EXISTS FOR (r:Redirect) REQUIRE r.gid IS UNIQUE",
		"CREATE RANGE INDEX redirect_target IF NOT EXISTS FOR (r:Redirect) ON (r.target)",
		"CREATE RANGE INDEX organisation_kind IF NOT EXISTS FOR (n:Organisation) ON (n.kind)",
		"CREATE RANGE INDEX organisation_sort IF NOT EXISTS FOR (n:Organisation) ON (n.sortName)",
		"CREATE RANGE INDEX organisation_voivodeship IF NOT EXISTS FOR (n:Organisation) ON (n.voivodeship)",
		"CREATE RANGE INDEX organisation_degree IF NOT EXISTS FOR (n:Organisation) ON (n.degree)",
		"CREATE POINT INDEX organisation_seat IF NOT EXISTS FOR (n:Organisation) ON (n.seat)",
		// Writes that give organisations identifiers take this one node's lock, so that two
		// of them cannot both give away one identifier (see Apply).
		"CREATE CONSTRAINT write_lock_name IF NOT EXISTS FOR (l:WriteLock) REQUIRE l.name IS UNIQUE",
	}
	for _, t := range ecosystem.AllNodeTypes {
		l := label(t)
		stmts = append(stmts, fmt.Sprintf("CREATE CONSTRAINT %s_slug IF NOT EXISTS FOR (n:%s) REQUIRE n.slug IS UNIQUE", strings.ToLower(l), l))
	}
	for _, rt := range ecosystem.AllRelationTypes() {
		stmts = append(stmts, fmt.Sprintf("CREATE RANGE INDEX rel_%s_id IF NOT EXISTS FOR ()-[r:%s]-() ON (r.id)", strings.ToLower(string(rt)), rt))
	}
	return stmts
}

// EnsureSchema creates the constraints and indexes if they are missing, waits until they are
// online, and re-derives the nodes' stored properties when they were written under earlier
// rules (refreshDerived). It is safe to run at every start.
func (s *Store) EnsureSchema(ctx context.Context) error {
	for _, stmt := range schema() {
		if _, err := s.write(ctx, stmt, nil); err != nil {
			return fmt.Errorf("create schema (%s): %w", strings.Fields(stmt)[1], err)
		}
	}
	if _, err := s.write(ctx, "CALL db.awaitIndexes(300)", nil); err != nil {
		return fmt.Errorf("await indexes: %w", err)
	}
	start := time.Now()
	n, err := s.refreshDerived(ctx)
	if err != nil {
		return fmt.Errorf("re-derive search terms and filters: %w", err)
	}
	if n > 0 {
		s.logger.Info("re-derived the search terms and filters of nodes written by an earlier version",
			"nodes", n, "version", derivedVersion, "duration", time.Since(start).Round(time.Millisecond))
	}
	return nil
}

// IsEmpty reports whether the database holds no entity (and no redirect): a first start.
func (s *Store) IsEmpty(ctx context.Context) (bool, error) {
	recs, err := s.read(ctx, "OPTIONAL MATCH (n) WHERE n:Entity OR n:Redirect RETURN count(n) = 0 AS empty LIMIT 1", nil)
	if err != nil {
		return false, err
	}
	return get(recs[0], "empty").(bool), nil
}

// Reset deletes every node and relation, keeping the schema and the marker of the derivation
// rules (an empty graph is up to date). Tests use it to start each conformance subtest from a
// clean database.
func (s *Store) Reset(ctx context.Context) error {
	_, err := s.write(ctx, "MATCH (n) WHERE NOT n:Meta DETACH DELETE n", nil)
	return err
}
