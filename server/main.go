// Command server serves the knowledge graph of Poland's regional disability-support ecosystem:
// GraphQL at /graphql, GraphiQL at /, health checks at /healthz and /readyz. Configuration is
// by flags with environment fallbacks (see README).
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"

	"github.com/wtz-graph/kg/reqlog"
	"github.com/wtz-graph/kg/store/neo4j"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	var err error
	switch {
	case len(os.Args) > 1 && os.Args[1] == "seed":
		err = runSeed(ctx, os.Args[2:], os.Getenv, os.Stderr)
	case len(os.Args) > 1 && os.Args[1] == "import":
		err = runImport(ctx, os.Args[2:], os.Getenv, os.Stdout, os.Stderr)
	case len(os.Args) > 1 && os.Args[1] == "ingest":
		err = runIngest(ctx, os.Args[2:], os.Getenv, os.Stdout, os.Stderr)
	case len(os.Args) > 1 && os.Args[1] == "register":
		err = runRegister(ctx, os.Args[2:], os.Getenv, os.Stdout, os.Stderr)
	case len(os.Args) > 1 && os.Args[1] == "check":
		err = runCheck(ctx, os.Args[2:], os.Getenv, os.Stdout, os.Stderr)
	case len(os.Args) > 1 && os.Args[1] == "repair":
		err = runRepair(ctx, os.Args[2:], os.Getenv, os.Stdout, os.Stderr)
	default:
		err = run(ctx, os.Args[1:], os.Getenv, os.Stderr, nil)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "server:", err)
		os.Exit(1)
	}
}

// runSeed is the operators' one-off command `server seed [flags]`: it loads the curated seed
// into the configured store (idempotently: running it twice changes nothing) and exits.
func runSeed(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) error {
	cfg, err := parseConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	logger, err := newLogger(cfg, stderr)
	if err != nil {
		return err
	}
	if cfg.Store != "neo4j" {
		return fmt.Errorf("seed is for the neo4j store; the embedded store is seeded at every start")
	}
	s, err := neo4j.Open(neo4j.Config{URI: cfg.Neo4j.URI, User: cfg.Neo4j.User, Password: cfg.Neo4j.Password, Database: cfg.Neo4j.Database, Logger: logger})
	if err != nil {
		return err
	}
	defer s.Close(context.Background())
	if err := s.EnsureSchema(ctx); err != nil {
		return err
	}
	return applySeed(ctx, s, logger)
}

// run starts the server and blocks until ctx is done, then shuts down gracefully. When ready is
// not nil it receives the listening address once the server accepts connections.
func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer, ready chan<- string) error {
	cfg, err := parseConfig(args, getenv, stderr)
	if err != nil {
		return err
	}
	logger, err := newLogger(cfg, stderr)
	if err != nil {
		return err
	}
	// A stale or malformed allow-list stops the start before the store is opened and seeded.
	if cfg.TrustedDocuments != "" {
		if cfg.trusted, err = loadTrusted(cfg); err != nil {
			return err
		}
	}
	s, err := openStore(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer func() {
		if err := s.Close(context.Background()); err != nil {
			logger.Error("close store", "error", err)
		}
	}()
	if cfg.Store == "memory" {
		// Returning the load's garbage to the operating system takes a full collection (about
		// a second for a national-scale graph); it runs while the server already serves.
		go tuneCollector(getenv, logger)
	}
	h, err := newHandler(cfg, s, logger)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		WriteTimeout:      cfg.WriteTimeout,
		IdleTimeout:       cfg.IdleTimeout,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", cfg.Addr, err)
	}
	logger.Info("serving", "addr", ln.Addr().String(), "store", cfg.Store, "graphiql", "http://"+ln.Addr().String()+"/")
	if ready != nil {
		ready <- ln.Addr().String()
	}
	if cfg.PprofAddr != "" {
		_, stopProfiler, err := serveProfiler(cfg.PprofAddr, logger)
		if err != nil {
			ln.Close()
			return err
		}
		defer stopProfiler()
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down", "timeout", cfg.ShutdownTimeout)
	shutdownCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func newLogger(cfg Config, w io.Writer) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(cfg.LogLevel)); err != nil {
		return nil, fmt.Errorf("log-level must be debug, info, warn or error, not %q", cfg.LogLevel)
	}
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(reqlog.Handler(slog.NewJSONHandler(w, opts))), nil
	}
	return slog.New(reqlog.Handler(slog.NewTextHandler(w, opts))), nil
}
