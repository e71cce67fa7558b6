package memory_test

import (
	"context"
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
