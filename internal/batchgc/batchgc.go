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

// Configure sets the collector to Percent unless the GOGC environment
// variable is set, which then wins as usual.
func Configure() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(Percent)
	}
}
