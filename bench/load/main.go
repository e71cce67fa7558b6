// Command load is the benchmark harness: it generates the synthetic graph (package synth) at
// each size, loads it into each backend through the import command, starts the real server
// binary as a process, and drives a fixed set of GraphQL operations over HTTP on loopback at
// several concurrencies, recording p50/p99 latency and throughput. On Neo4j it also runs the
// peer server built with the Neo4j GraphQL Library (bench/peer) and a hand-written Cypher
// baseline through the Go driver, alternating with our server in short slices so that all three
// see the same conditions, and counts Neo4j round trips per request from /metrics. It writes
// the figures as JSON and Markdown:
//
//	go run ./bench/load -server bin/server -sizes S,M -out bench/results/latest
//	go run ./bench/load -quick            # every operation briefly at size S (CI)
//
// Every server it starts listens on 127.0.0.1 and is stopped before it returns; every load
// stops by itself after its duration. Neo4j is not started here: pass its Bolt address in
// NEO4J_URI (neo4j/with-neo4j.sh does), or the Neo4j part is skipped and the report says so.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := runMain(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "load:", err)
		os.Exit(1)
	}
}

// config is the harness's configuration.
type config struct {
	sizes       []string
	quick       bool
	duration    time.Duration
	warmup      time.Duration
	slices      int
	concurrency []int
	seed        uint64
	server      string
	peerDir     string
	node        string
	neo4jURI    string
	neo4jDir    string
	batch       int
	work        string
	out         string
	backends    []string
	ops         []string
	conditions  string
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	fs := flag.NewFlagSet("load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c config
	sizes := fs.String("sizes", "S,M", "sizes to run, comma-separated (S, M, L)")
	fs.BoolVar(&c.quick, "quick", false, "every operation briefly at size S, concurrency 1 and 4: checks the harness, not the speed")
	fs.DurationVar(&c.duration, "duration", 8*time.Second, "load per operation, target and concurrency")
	fs.DurationVar(&c.warmup, "warmup", 2*time.Second, "warm-up per operation and target before measuring")
	fs.IntVar(&c.slices, "slices", 4, "alternating slices: our server, the peer and the baseline take turns this many times per measurement")
	conc := fs.String("concurrency", "1,32", "concurrencies, comma-separated")
	fs.Uint64Var(&c.seed, "seed", 1, "generator seed")
	fs.StringVar(&c.server, "server", "bin/server", "the server binary to benchmark (make build)")
	fs.StringVar(&c.peerDir, "peer", "bench/peer", "the peer server's directory (npm ci there first); empty to skip the peer")
	fs.StringVar(&c.node, "node", "node", "Node.js, for the peer")
	fs.StringVar(&c.neo4jURI, "neo4j-uri", os.Getenv("NEO4J_URI"), "Neo4j Bolt address without authentication (empty: skip Neo4j); its data is replaced")
	fs.StringVar(&c.neo4jDir, "neo4j-dir", os.Getenv("NEO4J_DIR"), "the launcher's NEO4J_DIR, to report Neo4j's resident memory")
	fs.IntVar(&c.batch, "batch", 20000, "import batch size for Neo4j (server import -batch)")
	fs.StringVar(&c.work, "work", filepath.Join(os.TempDir(), "kg-bench"), "working directory: generated documents, data directories, logs")
	fs.StringVar(&c.out, "out", "", "write the report to OUT.json and OUT.md (default: bench/results/latest, or the working directory with -quick)")
	backends := fs.String("backends", "embedded,neo4j", "backends to run")
	ops := fs.String("ops", "", "operations to run, comma-separated (default: all)")
	fs.StringVar(&c.conditions, "conditions", "", "a note on the run's conditions for the report")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	c.sizes = split(*sizes)
	c.backends = split(*backends)
	c.ops = split(*ops)
	for _, s := range split(*conc) {
		var n int
		if _, err := fmt.Sscan(s, &n); err != nil || n < 1 {
			return c, fmt.Errorf("bad concurrency %q", s)
		}
		c.concurrency = append(c.concurrency, n)
	}
	if c.quick {
		c.sizes = []string{"S"}
		c.duration, c.warmup, c.slices = 600*time.Millisecond, 200*time.Millisecond, 2
		c.concurrency = []int{1, 4}
	}
	if c.out == "" {
		c.out = "bench/results/latest"
		if c.quick {
			c.out = filepath.Join(c.work, "quick")
		}
	}
	if c.slices < 1 {
		c.slices = 1
	}
	return c, nil
}

func split(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func runMain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if _, err := os.Stat(cfg.server); err != nil {
		return fmt.Errorf("the server binary %s is missing (make build): %w", cfg.server, err)
	}
	if err := os.MkdirAll(cfg.work, 0o750); err != nil {
		return err
	}
	logf := func(format string, a ...any) {
		fmt.Fprintf(stdout, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05")}, a...)...)
	}
	rep := newReport(cfg)
	for _, size := range cfg.sizes {
		sr, err := benchSize(ctx, cfg, size, logf)
		if sr != nil {
			rep.Sizes = append(rep.Sizes, *sr)
		}
		if err != nil {
			return err
		}
	}
	rep.finish()
	if err := rep.write(cfg.out); err != nil {
		return err
	}
	logf("wrote %s.json and %s.md", cfg.out, cfg.out)
	// Failed requests are figures too at full size (a query that exceeds the server's store
	// timeout under load is what a user would see); in the quick check at size S they mean
	// the harness or the server is broken.
	if n := rep.errorCount(); n > 0 {
		if cfg.quick {
			return errors.New(fmt.Sprint(n, " measurement(s) had failed requests: see the report"))
		}
		logf("%d measurement(s) had failed requests: the report gives each with its first error", n)
	}
	return nil
}
