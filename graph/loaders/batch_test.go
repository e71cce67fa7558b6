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

// TestLoaderWithoutWaitFetchesOnDemand: with no wait, keys gather until an answer is needed and
// the caller that needs it fetches them all at once, in its own goroutine; which keys share a
// fetch follows from the order of the calls alone, and concurrent callers each get their own
// answer with every key fetched once.
func TestLoaderWithoutWaitFetchesOnDemand(t *testing.T) {
	var mu sync.Mutex
	var batches [][]int
	fetch := func(_ context.Context, keys []int) ([]string, []error) {
		mu.Lock()
		batches = append(batches, append([]int(nil), keys...))
		mu.Unlock()
		out := make([]string, len(keys))
		for i, k := range keys {
			out[i] = fmt.Sprint("v", k)
		}
		return out, nil
	}
	l := NewLoader(fetch, 0)
	th1, th2 := l.LoadThunk(t.Context(), 1), l.LoadThunk(t.Context(), 2)
	if len(batches) != 0 {
		t.Fatalf("fetched before anyone asked: %v", batches)
	}
	if v, err := th2(); v != "v2" || err != nil {
		t.Fatalf("key 2: %q %v", v, err)
	}
	if v, err := th1(); v != "v1" || err != nil {
		t.Fatalf("key 1: %q %v", v, err)
	}
	if v, _ := l.Load(t.Context(), 3); v != "v3" {
		t.Fatalf("key 3: %q", v)
	}
	if fmt.Sprint(batches) != "[[1 2] [3]]" {
		t.Fatalf("want the two pending keys in one fetch, then the third alone: %v", batches)
	}

	batches = nil
	c := NewLoader(fetch, 0)
	var wg sync.WaitGroup
	got := make([]string, 50)
	for i := range got {
		wg.Add(1)
		go func() {
			defer wg.Done()
			got[i], _ = c.Load(t.Context(), i%25)
		}()
	}
	wg.Wait()
	seen := map[int]int{}
	for _, b := range batches {
		for _, k := range b {
			seen[k]++
		}
	}
	for i, v := range got {
		if v != fmt.Sprint("v", i%25) {
			t.Fatalf("caller %d got %q", i, v)
		}
	}
	for k := range 25 {
		if seen[k] != 1 {
			t.Fatalf("key %d fetched %d times (%v)", k, seen[k], batches)
		}
	}
}

// TestPrimeAnswersWithoutFetching: a primed key is answered from the cache, and priming never
// replaces an answer already cached or on its way.
func TestPrimeAnswersWithoutFetching(t *testing.T) {
	var fetched []int
	l := NewLoader(func(_ context.Context, keys []int) ([]string, []error) {
		fetched = append(fetched, keys...)
		out := make([]string, len(keys))
		for i, k := range keys {
			out[i] = fmt.Sprint("fetched", k)
		}
		return out, nil
	}, 0)
	pending := l.LoadThunk(t.Context(), 2)
	l.Prime(1, "primed1")
	l.Prime(2, "primed2")
	if v, _ := l.Load(t.Context(), 1); v != "primed1" {
		t.Errorf("primed key: %q", v)
	}
	if v, _ := pending(); v != "fetched2" {
		t.Errorf("a key on its way was replaced by priming: %q", v)
	}
	if fmt.Sprint(fetched) != "[2]" {
		t.Errorf("fetched %v, want only the key asked for before priming", fetched)
	}
}
