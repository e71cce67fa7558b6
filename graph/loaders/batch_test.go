package loaders

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestLoaderBatchesCachesAndClears: keys asked for by concurrent goroutines within the wait go
// to one fetch, each caller gets its own answer, a cached key is not fetched again until
// ClearAll, and a panicking fetch becomes an error for its callers.
func TestLoaderBatchesCachesAndClears(t *testing.T) {
	var calls atomic.Int32
	var mu sync.Mutex
	var batches [][]int
	l := NewLoader(func(_ context.Context, keys []int) ([]string, []error) {
		calls.Add(1)
		mu.Lock()
		batches = append(batches, append([]int(nil), keys...))
		mu.Unlock()
		out := make([]string, len(keys))
		errs := make([]error, len(keys))
		for i, k := range keys {
			if k < 0 {
				errs[i] = fmt.Errorf("no %d", k)
				continue
			}
			out[i] = fmt.Sprint("v", k)
		}
		return out, errs
	}, 20*time.Millisecond)

	var wg sync.WaitGroup
	got := make([]string, 10)
	for i := range 10 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], _ = l.Load(t.Context(), i)
		}()
	}
	wg.Wait()
	for i, v := range got {
		if v != fmt.Sprint("v", i) {
			t.Fatalf("key %d got %q", i, v)
		}
	}
	if calls.Load() != 1 || len(batches[0]) != 10 {
		t.Fatalf("want one fetch of 10 keys, got %v", batches)
	}
	if _, err := l.Load(t.Context(), 3); err != nil || calls.Load() != 1 {
		t.Fatalf("a cached key was fetched again (%d fetches, %v)", calls.Load(), err)
	}
	if _, err := l.Load(t.Context(), -1); err == nil || err.Error() != "no -1" {
		t.Fatalf("a key's error was not returned: %v", err)
	}
	l.ClearAll()
	if _, err := l.Load(t.Context(), 3); err != nil || calls.Load() != 3 {
		t.Fatalf("ClearAll did not forget the cache (%d fetches)", calls.Load())
	}

	p := NewLoader(func(context.Context, []int) ([]string, []error) { panic("boom") }, 0)
	if _, err := p.Load(t.Context(), 1); err == nil || err.Error() != "panic during fetch: boom" {
		t.Fatalf("a panicking fetch: %v", err)
	}
}
