package main

import (
	"context"
	"io"
	"net"
	"os"
	"sync"
	"testing"

	"github.com/wtz-graph/kg/seed"
	"github.com/wtz-graph/kg/store"
	"github.com/wtz-graph/kg/store/neo4j"
)

// backend is a seeded store the GraphQL tests run against.
type backend struct {
	name  string
	store store.Store
}

var (
	neo4jOnce  sync.Once
	neo4jStore *neo4j.Store
	neo4jErr   error
)

// backends returns the seeded embedded store and, when NEO4J_URI is set, a seeded Neo4j, so
// that the same GraphQL tests and golden files check both. Without NEO4J_URI the Neo4j run is
// skipped with a note, or fails under REQUIRE_NEO4J=1.
func backends(t *testing.T) []backend {
	t.Helper()
	out := []backend{{"memory", seededStore(t)}}
	if s := seededNeo4j(t); s != nil {
		out = append(out, backend{"neo4j", s})
	}
	return out
}

func seededNeo4j(t *testing.T) *neo4j.Store {
	t.Helper()
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		if os.Getenv("REQUIRE_NEO4J") == "1" {
			t.Fatal("REQUIRE_NEO4J=1 but NEO4J_URI is not set")
		}
		t.Log("NEO4J_URI is not set: these GraphQL tests run on the embedded store only")
		return nil
	}
	neo4jOnce.Do(func() {
		s, err := neo4j.Open(neo4jConfigFromEnv(uri))
		if err != nil {
			neo4jErr = err
			return
		}
		ctx := context.Background()
		if neo4jErr = s.EnsureSchema(ctx); neo4jErr != nil {
			return
		}
		if neo4jErr = s.Reset(ctx); neo4jErr != nil {
			return
		}
		ds, err := seed.LoadEmbedded()
		if err != nil {
			neo4jErr = err
			return
		}
		if _, neo4jErr = s.Apply(ctx, ds.ChangeSet()); neo4jErr == nil {
			neo4jStore = s
		}
	})
	if neo4jErr != nil {
		t.Fatalf("Neo4j at %s: %v", uri, neo4jErr)
	}
	return neo4jStore
}

func neo4jConfigFromEnv(uri string) neo4j.Config {
	return neo4j.Config{URI: uri, User: os.Getenv("NEO4J_USER"), Password: os.Getenv("NEO4J_PASSWORD"), Database: os.Getenv("NEO4J_DATABASE")}
}

// proxy forwards TCP connections to a target until cut; tests use it to take Neo4j away from
// the server and give it back.
type proxy struct {
	ln     net.Listener
	target string
	mu     sync.Mutex
	up     bool
	conns  []net.Conn
}

func newProxy(t *testing.T, target string) *proxy {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &proxy{ln: ln, target: target, up: true}
	t.Cleanup(func() { ln.Close(); p.cut() })
	go p.serve()
	return p
}

func (p *proxy) addr() string { return p.ln.Addr().String() }

func (p *proxy) serve() {
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return
		}
		p.mu.Lock()
		if !p.up {
			p.mu.Unlock()
			c.Close()
			continue
		}
		u, err := net.Dial("tcp", p.target)
		if err != nil {
			p.mu.Unlock()
			c.Close()
			continue
		}
		p.conns = append(p.conns, c, u)
		p.mu.Unlock()
		go func() { _, _ = io.Copy(u, c); u.Close() }()
		go func() { _, _ = io.Copy(c, u); c.Close() }()
	}
}

// cut refuses new connections and drops open ones.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.up = false
	for _, c := range p.conns {
		c.Close()
	}
	p.conns = nil
}

func (p *proxy) restore() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.up = true
}
