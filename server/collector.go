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
//
// A soft memory limit of one and a half times the loaded heap plus gcHeadroom bounds what a
// burst of concurrent requests can add on top: near it the collector runs earlier and returns
// freed memory to the operating system, so that resident memory follows the graph rather than
// the busiest moment. GOMEMLIMIT in the environment takes precedence.
func tuneCollector(getenv func(string) string, logger *slog.Logger) {
	debug.FreeOSMemory()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	live := max(ms.HeapAlloc, 1)
	if getenv("GOMEMLIMIT") == "" {
		limit := int64(live + live/2 + gcHeadroom)
		debug.SetMemoryLimit(limit)
		logger.Info("memory limit", "soft_limit_mib", limit>>20)
	}
	if getenv("GOGC") != "" {
		return
	}
	percent := min(max(100*gcHeadroom/int(live), 100), 400)
	debug.SetGCPercent(percent)
	logger.Info("garbage collector", "live_heap_mib", live>>20, "gc_percent", percent)
}
