package main

import (
	"log/slog"
	"runtime"
	"runtime/debug"
)

// gcHeadroom is how much the server may allocate between two garbage collections when the
// embedded store holds a large graph.
const gcHeadroom = 1 << 30

// tuneCollector prepares the garbage collector for a server whose embedded store holds the
// graph in memory. It returns what loading left behind to the operating system, then sets the
// collector's target so that about gcHeadroom is allocated between collections: a collection
// costs in proportion to the live heap, which is the graph, so with Go's default (collect when
// the heap has doubled) a graph of half a gigabyte is walked every half gigabyte of request
// garbage. The percentage stays between 100 (Go's default) and 400. GOGC in the environment
// takes precedence.
func tuneCollector(getenv func(string) string, logger *slog.Logger) {
	debug.FreeOSMemory()
	if getenv("GOGC") != "" {
		return
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	live := max(ms.HeapAlloc, 1)
	percent := min(max(100*gcHeadroom/int(live), 100), 400)
	debug.SetGCPercent(percent)
	logger.Info("garbage collector", "live_heap_mib", live>>20, "gc_percent", percent)
}
