package memory

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wtz-graph/kg/bench/synth"
	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

// BenchmarkSnapshotPause measures what a snapshot costs the requests around it, on a synthetic
// graph of size S (SNAPSHOT_BENCH_SIZE=M for national scale): the time writers wait while it
// starts (pause-ms), the time it takes to write in the background (write-ms), its size, and the
// slowest read and write served while it was being written (max-*-during-ms), next to the
// same load without a snapshot (max-*-without-ms). Before snapshots were taken in the
// background, every request waited for the whole write.
//
//	SNAPSHOT_BENCH_SIZE=M go test ./store/memory -run '^$' -bench SnapshotPause -benchtime 3x
func BenchmarkSnapshotPause(b *testing.B) {
	size, err := synth.SizeFromEnv("SNAPSHOT_BENCH_SIZE")
	if err != nil {
		b.Fatal(err)
	}
	_, ds, err := synth.Planned(size, 1)
	if err != nil {
		b.Fatal(err)
	}
	// The graph is built in memory and handed to a persisted store, so that the benchmark
	// does not first write and replay a log of the whole graph.
	mem := New()
	if _, err := mem.Apply(context.Background(), ds.ChangeSet()); err != nil {
		b.Fatal(err)
	}
	s, err := OpenWith(b.TempDir(), Options{Logger: quiet(), SnapshotAfter: 1})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close(context.Background())
	s.g = mem.g
	src := ds.Nodes[len(ds.Nodes)-1]
	for _, n := range ds.Nodes {
		if n.Key().Type == ecosystem.NodeSource {
			src = n
			break
		}
	}
	cite := []ecosystem.Citation{{Source: src.Key().Slug, Locator: "bench"}}
	some := ds.Nodes[0].Key()

	// drive serves reads (two goroutines) and writes (one every 5 ms) while busy() holds,
	// and returns the slowest of each.
	drive := func(busy func() bool) (maxRead, maxWrite time.Duration) {
		var slowest atomic.Int64
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for busy() {
					start := time.Now()
					if _, err := s.Nodes(context.Background(), []ecosystem.NodeKey{some}); err != nil {
						b.Error(err)
						return
					}
					d := int64(time.Since(start))
					for old := slowest.Load(); d > old && !slowest.CompareAndSwap(old, d); old = slowest.Load() {
					}
				}
			}()
		}
		for i := 0; busy(); i++ {
			org := &ecosystem.Organisation{Entity: ecosystem.Entity{Slug: "bench-busy", Name: "Stowarzyszenie Robocze", Sources: cite}, Kind: ecosystem.KindNGO, Country: "PL"}
			start := time.Now()
			if _, err := s.Apply(context.Background(), store.ChangeSet{PutNodes: []ecosystem.Node{org}}); err != nil {
				b.Fatal(err)
			}
			maxWrite = max(maxWrite, time.Since(start))
			time.Sleep(5 * time.Millisecond)
		}
		wg.Wait()
		return time.Duration(slowest.Load()), maxWrite
	}

	var pause, write, readDuring, writeDuring, readBefore, writeBefore time.Duration
	var bytes int64
	b.ResetTimer()
	for i := range b.N {
		// The same load without a snapshot, for as long as the last snapshot took.
		s.mu.Lock()
		s.wal.snapshotAfter = 1 << 62
		s.mu.Unlock()
		until := time.Now().Add(max(write, time.Second))
		r, w := drive(func() bool { return time.Now().Before(until) })
		readBefore, writeBefore = max(readBefore, r), max(writeBefore, w)

		s.mu.Lock()
		s.wal.snapshotAfter = 1
		s.mu.Unlock()
		org := &ecosystem.Organisation{Entity: ecosystem.Entity{Slug: "bench-org", Name: "Fundacja Benchmarkowa " + string(rune('A'+i%26)), Sources: cite}, Kind: ecosystem.KindFoundation, Country: "PL"}
		if _, err := s.Apply(context.Background(), store.ChangeSet{PutNodes: []ecosystem.Node{org}}); err != nil {
			b.Fatal(err)
		}
		s.mu.Lock()
		s.wal.snapshotAfter = 1 << 62 // the writes while it runs start no other
		s.mu.Unlock()
		r, w = drive(func() bool { return s.SnapshotStats().Running })
		readDuring, writeDuring = max(readDuring, r), max(writeDuring, w)
		st := s.SnapshotStats()
		pause, write, bytes = max(pause, st.Pause), max(write, st.Duration), st.Bytes
	}
	b.StopTimer()
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b.ReportMetric(ms(pause), "pause-ms")
	b.ReportMetric(ms(write), "write-ms")
	b.ReportMetric(float64(bytes)/(1<<20), "snapshot-MB")
	b.ReportMetric(ms(readDuring), "max-read-during-ms")
	b.ReportMetric(ms(writeDuring), "max-write-during-ms")
	b.ReportMetric(ms(readBefore), "max-read-without-ms")
	b.ReportMetric(ms(writeBefore), "max-write-without-ms")
	b.ReportMetric(float64(len(ds.Nodes)), "nodes")
	b.ReportMetric(float64(len(ds.Relations)), "relations")
}
