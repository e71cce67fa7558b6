package main

import (
	"io"
	"log/slog"
	"net/http/httptest"
	"sync/atomic"

	"github.com/wtz-graph/kg/ecosystem"
	"github.com/wtz-graph/kg/store"
)

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func newRecorder() *httptest.ResponseRecorder { return httptest.NewRecorder() }

// atomicInt is a counter safe for concurrent resolvers.
type atomicInt struct{ v atomic.Int64 }

func (a *atomicInt) Add(n int64) { a.v.Add(n) }
func (a *atomicInt) Load() int64 { return a.v.Load() }

func storeChange(n ecosystem.Node) store.ChangeSet {
	return store.ChangeSet{PutNodes: []ecosystem.Node{n}}
}
