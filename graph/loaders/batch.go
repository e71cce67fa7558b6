package loaders

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Loader gathers the keys that one request's resolvers ask for into batches, calls fetch once
// per batch, and caches every answer for the rest of the request. It never spins and never
// starts a goroutine of its own. It batches in one of two ways, chosen by its wait:
//
//   - wait 0 (an in-process store, where a call costs less than waiting): keys gather until
//     someone needs an answer, and the goroutine that needs it fetches the whole pending batch
//     itself. Every key asked for before that moment, by any resolver, goes in that one fetch;
//     which keys those are depends only on the order of the calls, not on a clock.
//   - wait > 0 (a networked store, where a round trip costs more than waiting): the first
//     caller to need an answer sleeps until wait has passed since the batch's first key, so the
//     sibling resolvers gqlgen runs at once add their keys, then fetches. Callers that need an
//     answer meanwhile block on it, as they would on the network.
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
	opened  time.Time
	keys    []K
	claimed sync.Once // the caller that fetches the batch
	results []V
	errs    []error
	done    chan struct{}
}

// NewLoader returns a loader over fetch, which must return values and errors aligned with its
// keys (or a single error for all). wait bounds how long a batch gathers keys (see Loader).
func NewLoader[K comparable, V any](fetch func(ctx context.Context, keys []K) ([]V, []error), wait time.Duration) *Loader[K, V] {
	return &Loader[K, V]{fetch: fetch, wait: wait, cache: map[K]func() (V, error){}}
}

// Load returns the value of key, fetching its batch if nobody has yet.
func (l *Loader[K, V]) Load(ctx context.Context, key K) (V, error) {
	return l.LoadThunk(ctx, key)()
}

// LoadThunk adds key to the pending batch (unless its answer is cached or on its way) and
// returns a function that returns the answer, fetching the batch if nobody has yet. Asking for
// several keys before calling any of the functions puts them in one batch.
func (l *Loader[K, V]) LoadThunk(ctx context.Context, key K) func() (V, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if th, ok := l.cache[key]; ok {
		return th
	}
	b := l.batch
	if b == nil {
		b = &batch[K, V]{ctx: ctx, opened: time.Now(), done: make(chan struct{})}
		l.batch = b
	}
	pos := len(b.keys)
	b.keys = append(b.keys, key)
	th := func() (V, error) {
		b.claimed.Do(func() { l.send(b) })
		<-b.done
		return b.answer(pos)
	}
	l.cache[key] = th
	return th
}

// Prime caches value as the answer for key, unless the key is cached or on its way: for
// answers another fetch brought with it (the other ends of relations).
func (l *Loader[K, V]) Prime(key K, value V) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if _, ok := l.cache[key]; !ok {
		l.cache[key] = func() (V, error) { return value, nil }
	}
}

// ClearAll forgets every cached answer (after a write, so that reads see the new state).
func (l *Loader[K, V]) ClearAll() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.cache = map[K]func() (V, error){}
}

// send waits out the rest of the loader's wait, closes the batch to new keys and fetches.
func (l *Loader[K, V]) send(b *batch[K, V]) {
	if rest := l.wait - time.Since(b.opened); rest > 0 {
		time.Sleep(rest)
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
