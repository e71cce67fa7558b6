package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/wtz-graph/kg/bench/synth"
	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
	"github.com/wtz-graph/kg/store/memory"
)

// BenchmarkReads measures whole GraphQL requests through the real handler, in process (no
// network), on the embedded store over a synthetic graph of size S (READS_BENCH_SIZE=M for
// national scale): the operations of bench/load whose cost is the GraphQL layer's, with the
// same queries. bench/load measures them over HTTP under load; this is the quick loop for
// profiling them (-cpuprofile).
//
//	READS_BENCH_SIZE=M go test ./server -run '^$' -bench Reads -benchmem
func BenchmarkReads(b *testing.B) {
	size, err := synth.SizeFromEnv("READS_BENCH_SIZE")
	if err != nil {
		b.Fatal(err)
	}
	_, ds, err := synth.Planned(size, 1)
	if err != nil {
		b.Fatal(err)
	}
	s := memory.New()
	if _, err := s.Apply(context.Background(), ds.ChangeSet()); err != nil {
		b.Fatal(err)
	}
	cfg, err := parseConfig(nil, func(k string) string { return map[string]string{"LOADER_WAIT": os.Getenv("READS_LOADER_WAIT")}[k] }, io.Discard)
	if err != nil {
		b.Fatal(err)
	}
	h, err := newHandler(cfg, s, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		b.Fatal(err)
	}
	page, err := s.Organisations(context.Background(), store.OrganisationFilter{}, store.OrganisationOrder{Field: store.OrderByDegree, Desc: true}, store.Page{First: 100})
	if err != nil || len(page.Items) < 2 {
		b.Fatalf("organisations: %v (%d)", err, len(page.Items))
	}
	ids := make([]string, 0, len(page.Items))
	for _, o := range page.Items {
		ids = append(ids, ecosystem.Node(o).Key().GlobalID())
	}
	r := rand.New(rand.NewPCG(1, 2))
	one := func() map[string]any { return map[string]any{"id": ids[r.IntN(len(ids))]} }
	two := func() map[string]any {
		return map[string]any{"from": ids[r.IntN(len(ids))], "to": ids[r.IntN(len(ids))]}
	}
	for _, op := range []struct {
		name, query string
		vars        func() map[string]any
	}{
		{"neighbourhood", `query Neighbourhood($id: ID!) {
  neighbourhood(id: $id, depth: 2, limit: 100) {
    truncated
    nodes { distance node { id name type } }
    relations { type fromId toId sources { source { name } locator } }
  }
}`, one},
		{"path", `query Path($from: ID!, $to: ID!) {
  path(from: $from, to: $to, maxHops: 4, first: 3) { nodes {
    length
    hops { from { id name } direction relation { type sources { source { name } locator } } to { id name } }
  } }
}`, two},
		{"organisation", `query Organisation($id: ID!) {
  organisation(id: $id) {
    id name kind seat { name } voivodeship { name }
    sources { source { name } locator }
    partners(first: 10) { nodes {
      partner { id name kind }
      strength kinds
      evidence { kind via { id name } sources { source { name } locator } }
    } }
  }
}`, one},
	} {
		b.Run(op.name, func(b *testing.B) {
			bodies := make([][]byte, 64)
			for i := range bodies {
				bodies[i], _ = json.Marshal(map[string]any{"query": op.query, "variables": op.vars()})
			}
			size := 0
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				req := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(bodies[i%len(bodies)]))
				req.Header.Set("Content-Type", "application/json")
				w := httptest.NewRecorder()
				h.ServeHTTP(w, req)
				size += w.Body.Len()
				if w.Code != http.StatusOK || bytes.Contains(w.Body.Bytes(), []byte(`"errors"`)) {
					b.Fatalf("%s: %d %s", op.name, w.Code, w.Body.String())
				}
			}
			b.ReportMetric(float64(size)/float64(b.N), "response-B/op")
		})
	}
}
