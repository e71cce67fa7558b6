package neo4j_test

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"strings"
	"testing"

	"github.com/wtz-graph/kg/store"
	"github.com/wtz-graph/kg/store/neo4j"
	"github.com/wtz-graph/kg/store/storetest"
)

// TestConformance runs the conformance suite on a real Neo4j. It needs NEO4J_URI (make test
// starts one through the launcher when a JDK and Maven are present); without it the test skips,
// unless REQUIRE_NEO4J=1 (CI), which turns the skip into a failure.
func TestConformance(t *testing.T) {
	open(t) // skips, or creates the schema once
	storetest.Run(t, func(t *testing.T) store.Store {
		s := open(t)
		if err := s.Reset(t.Context()); err != nil {
			t.Fatalf("reset database: %v", err)
		}
		return s
	})
}

func open(t *testing.T) *neo4j.Store {
	t.Helper()
	uri := os.Getenv("NEO4J_URI")
	if uri == "" {
		if os.Getenv("REQUIRE_NEO4J") == "1" {
			t.Fatal("REQUIRE_NEO4J=1 but NEO4J_URI is not set")
		}
		t.Skip("NEO4J_URI is not set: skipping the Neo4j tests (make test starts a Neo4j when a JDK and Maven are present)")
	}
	s, err := neo4j.Open(neo4j.Config{URI: uri, User: os.Getenv("NEO4J_USER"), Password: os.Getenv("NEO4J_PASSWORD"), Database: os.Getenv("NEO4J_DATABASE")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close(context.Background()) })
	if err := s.EnsureSchema(t.Context()); err != nil {
		t.Fatalf("Neo4j at %s: %v", uri, err)
	}
	return s
}

// TestSearchInSmallReads runs the search differential with a first read of one candidate, so
// that every search reads again until no unread candidate can enter the answer.
func TestSearchInSmallReads(t *testing.T) {
	s := open(t)
	if err := s.Reset(t.Context()); err != nil {
		t.Fatalf("reset database: %v", err)
	}
	defer neo4j.SetSearchTake(1)()
	storetest.DifferentialSearch(t, s)
}

// TestProfileLogsPlans: with Profile, reads answer as without it and each logs its plan.
func TestProfileLogsPlans(t *testing.T) {
	open(t) // skips without Neo4j
	var logs bytes.Buffer
	s, err := neo4j.Open(neo4j.Config{URI: os.Getenv("NEO4J_URI"), User: os.Getenv("NEO4J_USER"), Password: os.Getenv("NEO4J_PASSWORD"),
		Database: os.Getenv("NEO4J_DATABASE"), Profile: true, Logger: slog.New(slog.NewJSONHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(context.Background())
	if err := s.Reset(t.Context()); err != nil {
		t.Fatal(err)
	}
	hits, err := s.Search(t.Context(), store.SearchQuery{Text: "Gdynia", Limit: 5})
	if err != nil || len(hits) != 0 {
		t.Fatalf("search of an empty graph: %v %v", hits, err)
	}
	out := logs.String()
	if !strings.Contains(out, `"msg":"neo4j profile"`) || !strings.Contains(out, `"dbHits"`) || !strings.Contains(out, "ProduceResults") {
		t.Errorf("no plan logged: %s", out)
	}
}
