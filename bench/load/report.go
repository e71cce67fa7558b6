package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// report is everything one run measured, written as JSON and Markdown.
type report struct {
	Date       string       `json:"date"`
	Commit     string       `json:"commit"`
	Mode       string       `json:"mode"`
	Machine    machine      `json:"machine"`
	Conditions string       `json:"conditions,omitempty"`
	Settings   runSettings  `json:"settings"`
	Operations []opInfo     `json:"operations"`
	Sizes      []sizeResult `json:"sizes"`
	Targets    []targetRow  `json:"targets"`
}

type machine struct {
	CPU      string `json:"cpu"`
	Cores    int    `json:"cores"`
	MemoryGB string `json:"memory"`
	Kernel   string `json:"kernel"`
	Go       string `json:"go"`
	Node     string `json:"node,omitempty"`
}

type runSettings struct {
	DurationSeconds float64 `json:"duration_seconds_per_measurement"`
	WarmupSeconds   float64 `json:"warmup_seconds"`
	Slices          int     `json:"alternating_slices"`
	Concurrency     []int   `json:"concurrency"`
	Variants        int     `json:"variable_sets_per_operation"`
	Seed            uint64  `json:"generator_seed"`
	ImportBatch     int     `json:"neo4j_import_batch"`
}

type opInfo struct {
	Name   string `json:"name"`
	What   string `json:"what"`
	Shared bool   `json:"shared_with_peer"`
	Query  string `json:"query"`
	Peer   string `json:"peer_query,omitempty"`
	Cypher string `json:"baseline_cypher,omitempty"`
}

// targetRow is one of the targets with the figure that decides it.
type targetRow struct {
	Target string `json:"target"`
	Figure string `json:"figure"`
	Met    *bool  `json:"met"`
}

func newReport(cfg config) *report {
	mode := "full"
	if cfg.quick {
		mode = "quick (harness check; figures are not meaningful)"
	}
	r := &report{
		Date:       time.Now().UTC().Format(time.RFC3339),
		Commit:     commit(),
		Mode:       mode,
		Machine:    machineInfo(cfg.node),
		Conditions: cfg.conditions,
		Settings: runSettings{DurationSeconds: cfg.duration.Seconds(), WarmupSeconds: cfg.warmup.Seconds(), Slices: cfg.slices,
			Concurrency: cfg.concurrency, Variants: variants, Seed: cfg.seed, ImportBatch: cfg.batch},
	}
	bl := baselines()
	for _, op := range operations() {
		r.Operations = append(r.Operations, opInfo{Name: op.name, What: op.what, Shared: op.peer != "", Query: op.query, Peer: op.peer, Cypher: bl[op.name].cypher})
	}
	return r
}

func commit() string {
	out, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "unknown"
	}
	c := strings.TrimSpace(string(out))
	if st, err := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); err == nil && len(strings.TrimSpace(string(st))) > 0 {
		c += " (with uncommitted changes)"
	}
	return c
}

func machineInfo(node string) machine {
	m := machine{Cores: runtime.NumCPU(), Go: runtime.Version()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		var kb int64
		if _, err := fmt.Sscanf(string(b), "MemTotal: %d kB", &kb); err == nil {
			m.MemoryGB = fmt.Sprintf("%.1f GiB", float64(kb)/(1<<20))
		}
	}
	if b, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(b))
	}
	if out, err := exec.Command(node, "--version").Output(); err == nil {
		m.Node = strings.TrimSpace(string(out))
	}
	return m
}

func (r *report) errorCount() int {
	n := 0
	for _, s := range r.Sizes {
		for _, b := range s.Backends {
			for _, c := range b.Cells {
				for _, st := range []*stats{&c.Ours, c.Peer, c.Baseline} {
					if st != nil && st.Errors > 0 {
						n++
					}
				}
			}
		}
	}
	return n
}

func (r *report) find(size, backend string) *backendResult {
	for i := range r.Sizes {
		if r.Sizes[i].Size != size {
			continue
		}
		for j := range r.Sizes[i].Backends {
			if r.Sizes[i].Backends[j].Backend == backend {
				return &r.Sizes[i].Backends[j]
			}
		}
	}
	return nil
}

func (b *backendResult) cell(op string, c int) *cell {
	for i := range b.Cells {
		if b.Cells[i].Operation == op && b.Cells[i].Concurrency == c {
			return &b.Cells[i]
		}
	}
	return nil
}

func yes(b bool) *bool { return &b }

// finish evaluates the targets on the figures.
func (r *report) finish() {
	add := func(target, figure string, met *bool) {
		r.Targets = append(r.Targets, targetRow{Target: target, Figure: figure, Met: met})
	}
	if b := r.find("M", "embedded"); b != nil && len(b.Cells) > 0 {
		add("embedded M: load < 5 s (the server reading its data directory until ready)", fmt.Sprintf("%.1f s", b.StartSeconds), yes(b.StartSeconds < 5))
		add("embedded M: load < 5 s (the import command: decode, check, apply, fsynced log and snapshot)", fmt.Sprintf("%.1f s", b.ImportSeconds), yes(b.ImportSeconds < 5))
		rss := max(b.RSSAfterLoad, b.RSSAfterRun)
		add("embedded M: resident memory < 2 GiB (server, after the run)", mib(rss), yes(rss < 2<<30))
		for _, op := range []string{"neighbourhood", "path"} {
			if c := b.cell(op, 1); c != nil {
				add("embedded M: p50 < 2 ms for "+op+" (concurrency 1)", fmt.Sprintf("%.3f ms", c.Ours.P50Ms), yes(c.Ours.P50Ms < 2))
			}
		}
		if c := b.cell("organisation", 32); c != nil {
			add("embedded M: > 3,000 requests/s for organisation with nested partners (concurrency 32)", fmt.Sprintf("%.0f req/s", c.Ours.Throughput), yes(c.Ours.Throughput > 3000))
		}
	}
	for _, size := range []string{"S", "M"} {
		b := r.find(size, "neo4j")
		if b == nil || len(b.Cells) == 0 {
			continue
		}
		for _, c := range b.Cells {
			if c.Baseline != nil && c.Concurrency == 1 && c.Baseline.P50Ms > 0 {
				ratio := c.Ours.P50Ms / c.Baseline.P50Ms
				add(fmt.Sprintf("neo4j %s: %s adds < 25%% latency over one hand-written Cypher query (p50, concurrency 1)", size, c.Operation),
					fmt.Sprintf("%.2f ms vs %.2f ms: +%.0f%%", c.Ours.P50Ms, c.Baseline.P50Ms, (ratio-1)*100), yes(ratio < 1.25))
			}
		}
		for _, c := range b.Cells {
			if c.Peer == nil || c.Peer.Throughput == 0 || c.Peer.P99Ms == 0 {
				continue
			}
			tp := c.Ours.Throughput / c.Peer.Throughput
			p99 := c.Ours.P99Ms / c.Peer.P99Ms
			add(fmt.Sprintf("neo4j %s: %s at concurrency %d: ≥ 2× the peer's throughput and ≤ ½ its p99", size, c.Operation, c.Concurrency),
				fmt.Sprintf("throughput ×%.2f, p99 ×%.2f", tp, p99), yes(tp >= 2 && p99 <= 0.5))
		}
	}
}

func (r *report) write(prefix string) error {
	if err := os.MkdirAll(filepath.Dir(prefix), 0o750); err != nil {
		return err
	}
	js, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(prefix+".json", append(js, '\n'), 0o644); err != nil {
		return err
	}
	return os.WriteFile(prefix+".md", []byte(r.markdown()), 0o644)
}

func (r *report) markdown() string {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format+"\n", a...) }
	p("# Benchmark results")
	p("")
	p("Written by `make bench` (`go run ./bench/load`); the JSON beside this file holds every figure. Mode: %s. What the figures show, the profiles, what was fixed and what stands in the way of the targets not met: [bench/README.md](../README.md).", r.Mode)
	p("")
	p("- **Date:** %s", r.Date)
	p("- **Commit:** %s", r.Commit)
	p("- **Machine:** %s, %d cores, %s, Linux %s, %s, Node.js %s", r.Machine.CPU, r.Machine.Cores, r.Machine.MemoryGB, r.Machine.Kernel, r.Machine.Go, r.Machine.Node)
	if r.Conditions != "" {
		p("- **Conditions:** %s", r.Conditions)
	}
	p("- **Method:** closed-loop load over HTTP on loopback by one Go process on the same machine; %.0f s per measurement after %.0f s of warm-up; %d variable sets per operation, the same sequence for every target; on Neo4j our server, the peer and the Cypher baseline take turns in %d slices per measurement. Latencies are per request, from send to the last byte read.",
		r.Settings.DurationSeconds, r.Settings.WarmupSeconds, r.Settings.Variants, r.Settings.Slices)
	p("")
	if len(r.Targets) > 0 {
		p("## Targets")
		p("")
		p("| target | figure | met |")
		p("|---|---|---|")
		for _, t := range r.Targets {
			met := "–"
			if t.Met != nil {
				met = map[bool]string{true: "yes", false: "**no**"}[*t.Met]
			}
			p("| %s | %s | %s |", t.Target, t.Figure, met)
		}
		p("")
	}
	p("## Sizes and loading")
	p("")
	p("| size | nodes | relations | document | backend | import | import peak RSS | server start | RSS after load | RSS after run | Neo4j RSS | peer RSS |")
	p("|---|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|")
	for _, s := range r.Sizes {
		for _, be := range s.Backends {
			if be.Skipped != "" {
				p("| %s | %d | %d | %.0f MB | %s | skipped: %s | | | | | | |", s.Size, s.Nodes, s.Relations, float64(s.DocumentBytes)/1e6, be.Backend, be.Skipped)
				continue
			}
			p("| %s | %d | %d | %.0f MB | %s | %.1f s | %s | %.1f s | %s | %s | %s | %s |", s.Size, s.Nodes, s.Relations, float64(s.DocumentBytes)/1e6,
				be.Backend, be.ImportSeconds, mib(be.ImportPeakRSS), be.StartSeconds, mib(be.RSSAfterLoad), mib(be.RSSAfterRun), orDash(be.Neo4jRSS), orDash(be.PeerRSS))
		}
	}
	p("")
	for _, s := range r.Sizes {
		for _, be := range s.Backends {
			if len(be.Cells) == 0 {
				continue
			}
			p("## %s, size %s", be.Backend, s.Size)
			p("")
			conc := concurrencies(be.Cells)
			head := "| operation |"
			sep := "|---|"
			for _, c := range conc {
				head += fmt.Sprintf(" c=%d p50 ms | c=%d p99 ms | c=%d req/s |", c, c, c)
				sep += "---:|---:|---:|"
			}
			if be.Backend == "neo4j" {
				head += " Neo4j round trips per request |"
				sep += "---:|"
			}
			p("%s", head)
			p("%s", sep)
			for _, op := range opNames(be.Cells) {
				line := "| " + op + " |"
				var rt *float64
				for _, c := range conc {
					ce := be.cell(op, c)
					if ce == nil {
						line += " | | |"
						continue
					}
					line += fmt.Sprintf(" %.3f | %.3f | %.0f |", ce.Ours.P50Ms, ce.Ours.P99Ms, ce.Ours.Throughput)
					if ce.Ours.Errors > 0 {
						line = strings.TrimSuffix(line, " |") + fmt.Sprintf(" (%d errors) |", ce.Ours.Errors)
					}
					if ce.RoundTrips != nil && rt == nil {
						rt = ce.RoundTrips
					}
				}
				if be.Backend == "neo4j" {
					if rt != nil {
						line += fmt.Sprintf(" %.2f |", *rt)
					} else {
						line += " |"
					}
				}
				p("%s", line)
			}
			p("")
			if be.Backend == "neo4j" {
				r.sideBySide(&b, be)
			}
		}
	}
	p("## Operations")
	p("")
	for _, op := range r.Operations {
		shared := ""
		if op.Shared {
			shared = " (shared with the peer)"
		}
		p("- **%s**%s: %s.", op.Name, shared, op.What)
	}
	p("")
	p("The documents, the peer's documents and the baseline Cypher are in the JSON report (`operations`).")
	return b.String()
}

// sideBySide writes the peer and baseline comparison of one Neo4j run.
func (r *report) sideBySide(b *strings.Builder, be backendResult) {
	p := func(format string, a ...any) { fmt.Fprintf(b, format+"\n", a...) }
	p("Side by side on the same Neo4j: ours against the peer (Neo4j GraphQL Library %s) and against one hand-written Cypher query through the Go driver. Ratios are ours/peer and ours/baseline.", "7.6.3 on GraphQL Yoga")
	p("")
	p("| operation | c | ours req/s | peer req/s | throughput ours/peer | ours p99 ms | peer p99 ms | p99 ours/peer | Cypher p50 ms | ours p50 ms | p50 ours/Cypher |")
	p("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, c := range be.Cells {
		if c.Peer == nil && c.Baseline == nil {
			continue
		}
		line := fmt.Sprintf("| %s | %d | %.0f |", c.Operation, c.Concurrency, c.Ours.Throughput)
		if c.Peer != nil {
			line += fmt.Sprintf(" %.0f | %s | %.2f | %.2f | %s |", c.Peer.Throughput, ratio(c.Ours.Throughput, c.Peer.Throughput), c.Ours.P99Ms, c.Peer.P99Ms, ratio(c.Ours.P99Ms, c.Peer.P99Ms))
		} else {
			line += fmt.Sprintf(" – | – | %.2f | – | – |", c.Ours.P99Ms)
		}
		if c.Baseline != nil {
			line += fmt.Sprintf(" %.2f | %.2f | %s |", c.Baseline.P50Ms, c.Ours.P50Ms, ratio(c.Ours.P50Ms, c.Baseline.P50Ms))
		} else {
			line += " – | – | – |"
		}
		p("%s", line)
	}
	p("")
	if len(be.BaselineChecks) > 0 {
		var parts []string
		for _, c := range be.BaselineChecks {
			parts = append(parts, fmt.Sprintf("%s %d/%d", c.Operation, c.Agreed, c.Checked))
		}
		p("Baseline answers agreeing with ours (summaries compared on the first questions): %s.", strings.Join(parts, ", "))
		p("")
	}
}

func ratio(a, b float64) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", math.Round(a/b*100)/100)
}

func orDash(v int64) string {
	if v == 0 {
		return "–"
	}
	return mib(v)
}

func concurrencies(cells []cell) []int {
	var out []int
	for _, c := range cells {
		found := false
		for _, x := range out {
			found = found || x == c.Concurrency
		}
		if !found {
			out = append(out, c.Concurrency)
		}
	}
	return out
}

func opNames(cells []cell) []string {
	var out []string
	for _, c := range cells {
		found := false
		for _, x := range out {
			found = found || x == c.Operation
		}
		if !found {
			out = append(out, c.Operation)
		}
	}
	return out
}
