// Package batchgc sets the garbage collector for litmine's batch work.
package batchgc

import (
	"os"
	"runtime/debug"
)

// Percent is the GOGC value that Configure sets: the heap may grow to three
// times the live data before a collection, instead of Go's default two.
// litmine's live heap is small next to what annotation allocates. With the
// default, the collector takes so much of a 2-core machine that two workers
// annotate only about 1.67 times as fast as one. At 200 the annotate
// benchmark (bench/annotate.sh) measured 1.83 to 1.93 times.
const Percent = 200

// MemoryLimit is the soft memory limit that Configure sets, in bytes. Near
// it the collector runs more often than Percent asks, so that a stage whose
// live data is a few hundred megabytes stays well under 512 MB of resident
// memory: ingesting the 100,000-document corpus of bench/ingest.sh peaked
// at 670 MB without it and 440 MB with it. The limit is soft: a process
// that needs more memory gets it, at the cost of more collections.
const MemoryLimit = 384 << 20

// Configure sets the collector to Percent and the memory limit to
// MemoryLimit, unless the GOGC or GOMEMLIMIT environment variables are set,
// which then win as usual.
func Configure() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(Percent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(MemoryLimit)
	}
}
