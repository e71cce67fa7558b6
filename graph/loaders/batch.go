package loaders

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"
)

// sleepAbove is the wait beyond which send sleeps on a timer before yielding: timers are
// precise to about a millisecond when the process is otherwise idle.
const sleepAbove = 2 * time.Millisecond

// Loader gathers the keys that one request's resolvers ask for into batches, calls fetch once
// per batch, and caches every answer for the rest of the request.
//
// A batch gathers keys for the loader's wait, then calls fetch. The wait is measured by
// yielding to the scheduler (runtime.Gosched) until it has passed, not by a timer: on Linux a
// timer set for 250µs fires after about a millisecond when the process is otherwise idle, and
// that millisecond would be paid at every level of every request. While the machine is busy the
// yields hand the processor to other work, so waiting this way costs little.
type Loader[K comparable, V any] struct {
	fetch func(ctx context.Context, keys []K) ([]V, []error)
	wait  time.Duration

	mu    sync.Mutex
	cache map[K]func() (V, error)
	batch *batch[K, V]
}

// batch is the set of keys gathered for one fetch, and, once done is closed, its answers.
type batch[K comparable, V any] struct {
	ctx     context.Context
	keys    []K
	results []V
	errs    []error
	done    chan struct{}
}

// NewLoader returns a loader over fetch, which must return values and errors aligned with its
// keys (or a single error for all). wait bounds how long a batch gathers keys.
func NewLoader[K comparable, V any](fetch func(ctx context.Context, keys []K) ([]V, []error), wait time.Duration) *Loader[K, V] {
	return &Loader[K, V]{fetch: fetch, wait: wait, cache: map[K]func() (V, error){}}
}

// Load returns the value of key, waiting for its batch.
func (l *Loader[K, V]) Load(ctx context.Context, key K) (V, error) {
	return l.LoadThunk(ctx, key)()
}

// LoadThunk adds key to the current batch (unless its answer is cached or on its way) and
// returns a function that waits for the answer. Asking for several keys before calling any of
// the functions puts them in one batch.
func (l *Loader[K, V]) LoadThunk(ctx context.Context, key K) func() (V, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if th, ok := l.cache[key]; ok {
		return th
	}
	b := l.batch
	if b == nil {
		b = &batch[K, V]{ctx: ctx, done: make(chan struct{})}
		l.batch = b
		go l.send(b)
	}
	pos := len(b.keys)
	b.keys = append(b.keys, key)
	th := func() (V, error) {
		<-b.done
		return b.answer(pos)
	}
	l.cache[key] = th
	return th
}

// ClearAll forgets every cached answer (after a write, so that reads see the new state).
func (l *Loader[K, V]) ClearAll() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cache = map[K]func() (V, error){}
}

// send waits for the loader's wait, closes the batch to new keys and fetches.
func (l *Loader[K, V]) send(b *batch[K, V]) {
	deadline := time.Now().Add(l.wait)
	if l.wait > sleepAbove {
		time.Sleep(l.wait - sleepAbove/2)
	}
	for time.Now().Before(deadline) {
		runtime.Gosched()
	}
	l.mu.Lock()
	if l.batch == b {
		l.batch = nil
	}
	l.mu.Unlock()
	b.results, b.errs = l.safeFetch(b.ctx, b.keys)
	close(b.done)
}

// safeFetch calls fetch, turning a panic into an error for every key of the batch.
func (l *Loader[K, V]) safeFetch(ctx context.Context, keys []K) (values []V, errs []error) {
	defer func() {
		if p := recover(); p != nil {
			values, errs = nil, []error{fmt.Errorf("panic during fetch: %v", p)}
		}
	}()
	return l.fetch(ctx, keys)
}

// answer returns the value and error at pos.
func (b *batch[K, V]) answer(pos int) (V, error) {
	var zero V
	if len(b.results) != len(b.keys) {
		if len(b.errs) == 1 && b.errs[0] != nil {
			return zero, b.errs[0] // one error for the whole batch
		}
		return zero, fmt.Errorf("loader: fetch returned %d values for %d keys", len(b.results), len(b.keys))
	}
	var err error
	if pos < len(b.errs) {
		err = b.errs[pos]
	}
	return b.results[pos], err
}
