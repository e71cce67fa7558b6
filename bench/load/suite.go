package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/wtz-graph/kg/bench/synth"
)

// sizeResult holds the figures of one size.
type sizeResult struct {
	Size            string          `json:"size"`
	Nodes           int             `json:"nodes"`
	Relations       int             `json:"relations"`
	DocumentBytes   int64           `json:"document_bytes"`
	GenerateSeconds float64         `json:"generate_seconds"`
	Backends        []backendResult `json:"backends"`
}

// backendResult holds the figures of one backend at one size.
type backendResult struct {
	Backend string `json:"backend"`
	// ImportSeconds is the import command's wall time (decode, check, apply; on the embedded
	// store also the fsynced log and snapshot); ImportPeakRSS its peak resident memory.
	ImportSeconds float64 `json:"import_seconds"`
	ImportPeakRSS int64   `json:"import_peak_rss_bytes"`
	ImportBatch   int     `json:"import_batch,omitempty"`
	// StartSeconds is the server's start until /readyz answers 200 (the embedded store reads
	// its data directory then).
	StartSeconds   float64 `json:"start_seconds"`
	RSSAfterLoad   int64   `json:"rss_after_load_bytes"`
	RSSAfterRun    int64   `json:"rss_after_run_bytes"`
	PeerRSS        int64   `json:"peer_rss_after_run_bytes,omitempty"`
	Neo4jRSS       int64   `json:"neo4j_rss_after_run_bytes,omitempty"`
	Cells          []cell  `json:"cells"`
	Skipped        string  `json:"skipped,omitempty"`
	BaselineChecks []check `json:"baseline_checks,omitempty"`
}

// cell is one operation at one concurrency: our figures, and on Neo4j the peer's and the
// baseline's taken in alternating slices.
type cell struct {
	Operation   string   `json:"operation"`
	Concurrency int      `json:"concurrency"`
	Ours        stats    `json:"ours"`
	Peer        *stats   `json:"peer,omitempty"`
	Baseline    *stats   `json:"baseline,omitempty"`
	RoundTrips  *float64 `json:"neo4j_round_trips_per_request,omitempty"`
}

// benchSize generates one size and runs every backend on it.
func benchSize(ctx context.Context, cfg config, name string, logf func(string, ...any)) (*sizeResult, error) {
	size, err := synth.SizeByName(name)
	if err != nil {
		return nil, err
	}
	t := time.Now()
	doc := synth.Generate(size, cfg.seed)
	path := filepath.Join(cfg.work, "kg-"+size.Name+".json")
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	if err := synth.Write(f, doc); err != nil {
		f.Close()
		return nil, err
	}
	if err := f.Close(); err != nil {
		return nil, err
	}
	fi, _ := os.Stat(path)
	sr := &sizeResult{Size: size.Name, Nodes: synth.NodeCount(doc), Relations: len(doc.Relations), DocumentBytes: fi.Size(),
		GenerateSeconds: secs(time.Since(t))}
	logf("size %s: %d nodes, %d relations, %.0f MB (%s)", size.Name, sr.Nodes, sr.Relations, float64(sr.DocumentBytes)/1e6, path)

	in := inputsOf(doc)
	doc = nil // the servers hold the graph from here on; free the harness's copy
	var ops []operation
	for _, op := range operations() {
		if len(cfg.ops) == 0 || slices.Contains(cfg.ops, op.name) {
			ops = append(ops, op)
		}
	}
	w := &workload{cfg: cfg, in: in, ops: ops, logf: logf, size: size.Name, doc: path}
	for _, b := range cfg.backends {
		var br backendResult
		var err error
		switch b {
		case "embedded":
			br, err = w.embedded(ctx)
		case "neo4j":
			br, err = w.neo4j(ctx)
		default:
			err = fmt.Errorf("unknown backend %q", b)
		}
		sr.Backends = append(sr.Backends, br)
		if err != nil {
			return sr, fmt.Errorf("size %s, %s: %w", size.Name, b, err)
		}
	}
	return sr, nil
}

// workload is one size's operations with their inputs.
type workload struct {
	cfg  config
	in   *inputs
	ops  []operation
	logf func(string, ...any)
	size string
	doc  string
}

func (w *workload) logPath(name string) string {
	return filepath.Join(w.cfg.work, fmt.Sprintf("%s-%s.log", w.size, name))
}

// startOurs starts the server binary with the given flags on a free loopback port and waits
// until it is ready.
func (w *workload) startOurs(ctx context.Context, name string, env []string, flags ...string) (*process, string, time.Duration, error) {
	port, err := freePort()
	if err != nil {
		return nil, "", 0, err
	}
	addr := "127.0.0.1:" + strconv.Itoa(port)
	args := append([]string{w.cfg.server, "-addr", addr, "-seed=false", "-log-level", "warn"}, flags...)
	t := time.Now()
	p, err := start(name, env, w.logPath(name), args...)
	if err != nil {
		return nil, "", 0, err
	}
	if err := p.waitReady(ctx, 10*time.Minute, httpOK("http://"+addr+"/readyz")); err != nil {
		p.stop()
		return nil, "", 0, err
	}
	return p, "http://" + addr, time.Since(t), nil
}

// embedded imports the document into a data directory with the import command, starts the
// server on it and runs every operation.
func (w *workload) embedded(ctx context.Context) (backendResult, error) {
	br := backendResult{Backend: "embedded"}
	dir := filepath.Join(w.cfg.work, "data-"+w.size)
	if err := os.RemoveAll(dir); err != nil {
		return br, err
	}
	w.logf("embedded: importing into %s", dir)
	d, peak, err := runCommand(ctx, nil, w.logPath("embedded-import"), w.cfg.server, "import", "-no-gazetteer-checks", w.doc, "-data-dir", dir, "-seed=false", "-log-level", "warn")
	if err != nil {
		return br, err
	}
	br.ImportSeconds, br.ImportPeakRSS = secs(d), peak
	w.logf("embedded: imported in %.1f s (peak RSS %s)", br.ImportSeconds, mib(peak))
	p, base, startup, err := w.startOurs(ctx, "embedded-server", nil, "-data-dir", dir)
	if err != nil {
		return br, err
	}
	defer p.stop()
	br.StartSeconds, br.RSSAfterLoad = secs(startup), p.rssBytes()
	w.logf("embedded: server ready in %.1f s, RSS %s", br.StartSeconds, mib(br.RSSAfterLoad))
	ours := newGraphQLClient(base + "/graphql")
	for _, op := range w.ops {
		body, err := bodies(op.query, variableSets(op, w.in))
		if err != nil {
			return br, err
		}
		do := ours.request(body)
		run(ctx, do, 1, w.cfg.warmup, 0)
		for _, c := range w.cfg.concurrency {
			s := summarise(run(ctx, do, c, w.cfg.duration, 0))
			br.Cells = append(br.Cells, cell{Operation: op.name, Concurrency: c, Ours: s})
			w.logf("embedded %-13s c=%-3d %8.1f req/s  p50 %8.3f ms  p99 %8.3f ms  errors %d %s", op.name, c, s.Throughput, s.P50Ms, s.P99Ms, s.Errors, s.FirstError)
		}
		if err := p.exited(); err != nil {
			return br, err
		}
	}
	br.RSSAfterRun = p.rssBytes()
	return br, nil
}

// neo4j loads the document into Neo4j with the import command (in batches), starts our server
// and the peer on it, and runs every operation against ours, the peer (where it can express
// the operation) and the Cypher baseline, alternating.
func (w *workload) neo4j(ctx context.Context) (backendResult, error) {
	br := backendResult{Backend: "neo4j", ImportBatch: w.cfg.batch}
	if w.cfg.neo4jURI == "" {
		br.Skipped = "NEO4J_URI is not set"
		w.logf("neo4j: skipped (%s)", br.Skipped)
		return br, nil
	}
	db, err := openBaseline(ctx, w.cfg.neo4jURI)
	if err != nil {
		return br, err
	}
	defer db.close(context.Background())
	w.logf("neo4j: emptying the database")
	if err := db.reset(ctx); err != nil {
		return br, err
	}
	env := []string{"NEO4J_URI=" + w.cfg.neo4jURI, "NEO4J_AUTH=none", "STORE=neo4j"}
	w.logf("neo4j: importing in batches of %d", w.cfg.batch)
	d, peak, err := runCommand(ctx, env, w.logPath("neo4j-import"), w.cfg.server, "import", "-no-gazetteer-checks", "-batch", strconv.Itoa(w.cfg.batch), w.doc, "-log-level", "warn")
	if err != nil {
		return br, err
	}
	br.ImportSeconds, br.ImportPeakRSS = secs(d), peak
	w.logf("neo4j: imported in %.1f s", br.ImportSeconds)
	p, base, startup, err := w.startOurs(ctx, "neo4j-server", env)
	if err != nil {
		return br, err
	}
	defer p.stop()
	br.StartSeconds, br.RSSAfterLoad = secs(startup), p.rssBytes()
	ours := newGraphQLClient(base + "/graphql")

	var peer *process
	var peerClient *graphQLClient
	if w.cfg.peerDir != "" {
		if peer, peerClient, err = w.startPeer(ctx); err != nil {
			return br, err
		}
		defer peer.stop()
	}
	for _, op := range w.ops {
		vars := variableSets(op, w.in)
		body, err := bodies(op.query, vars)
		if err != nil {
			return br, err
		}
		targets := []target{{name: "ours", do: ours.request(body)}}
		if op.peer != "" && peerClient != nil {
			pv := make([]map[string]any, len(vars))
			for i, v := range vars {
				pv[i] = op.peerVars(v)
			}
			pb, err := bodies(op.peer, pv)
			if err != nil {
				return br, err
			}
			targets = append(targets, target{name: "peer", do: peerClient.request(pb)})
		}
		if bl, ok := baselines()[op.name]; ok {
			targets = append(targets, target{name: "baseline", do: db.request(bl, vars)})
			if c, err := w.checkBaseline(ctx, ours, db, op, bl, vars); err != nil {
				return br, err
			} else {
				br.BaselineChecks = append(br.BaselineChecks, c)
			}
		}
		for _, t := range targets {
			run(ctx, t.do, 1, w.cfg.warmup, 0)
		}
		for _, c := range w.cfg.concurrency {
			before, _ := metric(base+"/metrics", "neo4j_queries_total")
			samples := w.alternate(ctx, targets, c)
			after, _ := metric(base+"/metrics", "neo4j_queries_total")
			ce := cell{Operation: op.name, Concurrency: c, Ours: summarise(samples["ours"])}
			if n := len(samples["ours"].latencies); n > 0 {
				rt := math.Round((after-before)/float64(n)*100) / 100
				ce.RoundTrips = &rt
			}
			if s, ok := samples["peer"]; ok {
				st := summarise(s)
				ce.Peer = &st
			}
			if s, ok := samples["baseline"]; ok {
				st := summarise(s)
				ce.Baseline = &st
			}
			br.Cells = append(br.Cells, ce)
			w.logCell("neo4j", ce)
		}
		if err := p.exited(); err != nil {
			return br, err
		}
		if peer != nil {
			if err := peer.exited(); err != nil {
				return br, err
			}
		}
	}
	br.RSSAfterRun = p.rssBytes()
	if peer != nil {
		br.PeerRSS = peer.rssBytes()
	}
	br.Neo4jRSS = neo4jRSS(w.cfg.neo4jDir)
	return br, nil
}

// target is one server (or the baseline) under load.
type target struct {
	name string
	do   request
}

// alternate measures the targets in turns, cfg.slices times each, so that drift in the
// machine's state (Neo4j's caches, JIT, other load) touches them alike. Every target answers
// the same sequence of variable sets.
func (w *workload) alternate(ctx context.Context, targets []target, concurrency int) map[string]sample {
	out := map[string]sample{}
	slice := w.cfg.duration / time.Duration(w.cfg.slices)
	for i := range w.cfg.slices {
		for _, t := range targets {
			s := out[t.name]
			s.add(run(ctx, t.do, concurrency, slice, i*100003))
			out[t.name] = s
		}
	}
	return out
}

func (w *workload) logCell(backend string, c cell) {
	line := fmt.Sprintf("%s %-13s c=%-3d ours %8.1f req/s p50 %8.3f p99 %8.3f", backend, c.Operation, c.Concurrency, c.Ours.Throughput, c.Ours.P50Ms, c.Ours.P99Ms)
	if c.Peer != nil {
		line += fmt.Sprintf(" | peer %8.1f req/s p50 %8.3f p99 %8.3f", c.Peer.Throughput, c.Peer.P50Ms, c.Peer.P99Ms)
	}
	if c.Baseline != nil {
		line += fmt.Sprintf(" | cypher %8.1f req/s p50 %8.3f p99 %8.3f", c.Baseline.Throughput, c.Baseline.P50Ms, c.Baseline.P99Ms)
	}
	if c.RoundTrips != nil {
		line += fmt.Sprintf(" | %.2f round trips", *c.RoundTrips)
	}
	errs := c.Ours.Errors
	if c.Peer != nil {
		errs += c.Peer.Errors
	}
	if c.Baseline != nil {
		errs += c.Baseline.Errors
	}
	if errs > 0 {
		line += fmt.Sprintf(" | %d errors: %s", errs, firstError(c))
	}
	w.logf("%s", line)
}

func firstError(c cell) string {
	for _, s := range []*stats{&c.Ours, c.Peer, c.Baseline} {
		if s != nil && s.FirstError != "" {
			return s.FirstError
		}
	}
	return ""
}

// startPeer starts the Neo4j GraphQL Library server on a free loopback port.
func (w *workload) startPeer(ctx context.Context) (*process, *graphQLClient, error) {
	port, err := freePort()
	if err != nil {
		return nil, nil, err
	}
	env := []string{"NEO4J_URI=" + w.cfg.neo4jURI, "PORT=" + strconv.Itoa(port), "HOST=127.0.0.1"}
	p, err := start("peer", env, w.logPath("peer"), w.cfg.node, filepath.Join(w.cfg.peerDir, "server.mjs"))
	if err != nil {
		return nil, nil, err
	}
	url := fmt.Sprintf("http://127.0.0.1:%d/graphql", port)
	client := newGraphQLClient(url)
	ready := func(ctx context.Context) bool {
		_, err := client.post(ctx, []byte(`{"query":"{ __typename }"}`))
		return err == nil
	}
	if err := p.waitReady(ctx, 2*time.Minute, ready); err != nil {
		p.stop()
		return nil, nil, err
	}
	return p, client, nil
}

// neo4jRSS reads the resident memory of the Neo4j the launcher started in dir.
func neo4jRSS(dir string) int64 {
	if dir == "" {
		return 0
	}
	b, err := os.ReadFile(filepath.Join(dir, "run", "neo4j.pid"))
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(string(trimSpace(b)))
	if err != nil {
		return 0
	}
	return rssOf(pid)
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[len(b)-1] == '\n' || b[len(b)-1] == ' ') {
		b = b[:len(b)-1]
	}
	return b
}

func secs(d time.Duration) float64 { return math.Round(d.Seconds()*100) / 100 }

func mib(b int64) string { return fmt.Sprintf("%.0f MiB", float64(b)/(1<<20)) }
