package memory_test

import (
	"context"
	"io"
	"log/slog"
	"testing"

	"github.com/wtz-graph/kg/store"
	"github.com/wtz-graph/kg/store/memory"
	"github.com/wtz-graph/kg/store/storetest"
)

// TestConformance runs the shared Store conformance suite against the embedded store.
func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s := memory.New()
		// t.Context is already cancelled when cleanups run.
		t.Cleanup(func() { _ = s.Close(context.Background()) })
		return s
	})
}

// TestConformancePersistent runs the suite on stores persisted in a data directory: logging
// every change set must not change what the store answers.
func TestConformancePersistent(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store {
		s, err := memory.Open(t.TempDir(), discard())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = s.Close(context.Background()) })
		return s
	})
}

func discard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
