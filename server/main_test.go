package main

import (
	"context"
	"io"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"
)

func TestConfigPrecedence(t *testing.T) {
	env := map[string]string{"ADDR": "127.0.0.1:9000", "STORE": "memory", "CORS_ORIGINS": "https://a.example, https://b.example", "LOADER_WAIT": "1ms"}
	getenv := func(k string) string { return env[k] }
	cfg, err := parseConfig(nil, getenv, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:9000" || len(cfg.CORSOrigins) != 2 || cfg.CORSOrigins[1] != "https://b.example" || cfg.LoaderWait != time.Millisecond {
		t.Errorf("environment not applied: %+v", cfg)
	}
	cfg, err = parseConfig([]string{"-addr", "127.0.0.1:9001"}, getenv, io.Discard)
	if err != nil || cfg.Addr != "127.0.0.1:9001" {
		t.Errorf("flag should win over environment: %+v %v", cfg, err)
	}
	cfg, err = parseConfig(nil, func(string) string { return "" }, io.Discard)
	if err != nil || cfg.Addr != ":8080" || cfg.Store != "memory" || !cfg.Seed || len(cfg.CORSOrigins) != 0 {
		t.Errorf("defaults: %+v %v", cfg, err)
	}
}

func TestConfigRejectsBadValues(t *testing.T) {
	for _, args := range [][]string{
		{"-store", "postgres"}, {"-seed", "maybe"}, {"-log-format", "xml"},
		{"-loader-wait", "5s"}, {"-shutdown-timeout", "-1s"}, {"extra"},
		{"-pprof-addr", ":6060"}, {"-pprof-addr", "0.0.0.0:6060"}, {"-pprof-addr", "10.0.0.1:6060"},
	} {
		if _, err := parseConfig(args, func(string) string { return "" }, io.Discard); err == nil {
			t.Errorf("parseConfig(%v) accepted", args)
		}
	}
}

// TestProfilerListensOnLoopbackOnly: the profiler takes loopback addresses only, and serves
// its index there.
func TestProfilerListensOnLoopbackOnly(t *testing.T) {
	for _, addr := range []string{"127.0.0.1:6060", "localhost:6060", "[::1]:6060"} {
		if cfg, err := parseConfig([]string{"-pprof-addr", addr}, func(string) string { return "" }, io.Discard); err != nil || cfg.PprofAddr != addr {
			t.Errorf("-pprof-addr %s: %v", addr, err)
		}
	}
	addr, stop, err := serveProfiler("127.0.0.1:0", discardLogger())
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	resp, err := http.Get("http://" + addr + "/debug/pprof/")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("the profiler's index answered %d", resp.StatusCode)
	}
}

// TestRunServesAndShutsDown starts the real server, queries it and stops it as SIGTERM would.
func TestRunServesAndShutsDown(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-log-level", "warn"}, func(string) string { return "" }, io.Discard, ready)
	}()
	var addr string
	select {
	case addr = <-ready:
	case err := <-done:
		t.Fatalf("server stopped before serving: %v", err)
	}
	body := strings.NewReader(`{"query":"{ stats { nodes { key count } } }"}`)
	resp, err := http.Post("http://"+addr+"/graphql", "application/json", body)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(out), `"key":"ORGANISATION"`) {
		t.Fatalf("query through the running server: %d %s", resp.StatusCode, out)
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("shutdown: %v", err)
	}
}

func TestNeo4jConfigNeedsAPassword(t *testing.T) {
	_, err := parseConfig([]string{"-store", "neo4j"}, func(string) string { return "" }, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "NEO4J_PASSWORD") {
		t.Fatalf("neo4j without a password: %v", err)
	}
	env := map[string]string{"STORE": "neo4j", "NEO4J_AUTH": "none", "NEO4J_URI": "http://x"}
	if _, err := parseConfig(nil, func(k string) string { return env[k] }, io.Discard); err == nil {
		t.Fatal("an http:// Neo4j URI was accepted")
	}
	env["NEO4J_URI"] = "neo4j://db.internal:7687"
	cfg, err := parseConfig(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil || cfg.Neo4j.URI != "neo4j://db.internal:7687" || cfg.Neo4j.User != "" {
		t.Fatalf("routing URI without authentication: %+v %v", cfg.Neo4j, err)
	}
}

// TestREADMEListsEverySetting keeps the configuration table in step with the code.
func TestREADMEListsEverySetting(t *testing.T) {
	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range settings {
		if !strings.Contains(string(readme), "`-"+s.flag+"` | `"+s.env+"`") {
			t.Errorf("README's configuration table lacks -%s / %s", s.flag, s.env)
		}
	}
	for _, env := range []string{"NEO4J_PASSWORD", "WRITE_TOKEN"} {
		if !strings.Contains(string(readme), "`"+env+"`") {
			t.Errorf("README does not document %s", env)
		}
	}
}
