package memory

import (
	"context"
	"testing"

	"github.com/wtz-graph/kg/bench/synth"
	"github.com/wtz-graph/kg/store"
)

// BenchmarkSearch measures the store's part of a search (no HTTP, no GraphQL) on a synthetic
// graph of size S (SEARCH_BENCH_SIZE=M for national scale), over the texts bench/load sends,
// ten hits each. bench/load measures the whole request.
//
//	SEARCH_BENCH_SIZE=M go test ./store/memory -run '^$' -bench Search -benchmem
func BenchmarkSearch(b *testing.B) {
	size, err := synth.SizeFromEnv("SEARCH_BENCH_SIZE")
	if err != nil {
		b.Fatal(err)
	}
	doc, ds, err := synth.Planned(size, 1)
	if err != nil {
		b.Fatal(err)
	}
	s := New()
	if _, err := s.Apply(context.Background(), ds.ChangeSet()); err != nil {
		b.Fatal(err)
	}
	texts := synth.SearchTexts(doc, 512)
	hits := 0
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		out, err := s.Search(context.Background(), store.SearchQuery{Text: texts[i%len(texts)], Limit: 10})
		if err != nil {
			b.Fatal(err)
		}
		hits += len(out)
	}
	b.StopTimer()
	if hits == 0 {
		b.Fatal("no search found anything")
	}
}
