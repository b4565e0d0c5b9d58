// Package progress carries progress of long work from a stage to whatever
// shows it: a progress bar on a terminal, periodic log lines otherwise.
package progress

import (
	"fmt"
	"io"
	"log/slog"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
)

// Event is a progress report. Total is -1 when unknown. Final is set on the
// last event of a piece of work.
type Event struct {
	Stage string
	Unit  string // unit of Done, such as "documents" or "bytes"
	Done  int64
	Total int64
	Final bool
	// Detail is shown after the stage name on the bar, such as the loss of
	// a training step; empty for none. Log lines leave it out.
	Detail string
}

// Func receives progress events. Stages call it from any goroutine, as often
// as they like; implementations rate-limit.
type Func func(Event)

// Discard ignores every event.
func Discard(Event) {}

// Log returns a Func that logs a line at most every interval, plus the final
// line of each piece of work, with done, total, rate, elapsed and ETA.
func Log(logger *slog.Logger, interval time.Duration) Func {
	var mu sync.Mutex
	started := map[string]time.Time{}
	last := map[string]time.Time{}
	return func(e Event) {
		mu.Lock()
		defer mu.Unlock()
		now := time.Now()
		key := e.Stage + "/" + e.Unit
		if _, ok := started[key]; !ok {
			started[key] = now
			last[key] = now
		}
		if !e.Final && now.Sub(last[key]) < interval {
			return
		}
		last[key] = now
		elapsed := now.Sub(started[key])
		attrs := []any{"stage", e.Stage, "done", e.Done, "unit", e.Unit, "elapsed", elapsed.Round(time.Millisecond)}
		if elapsed > 0 {
			attrs = append(attrs, "rate", fmt.Sprintf("%.1f/s", float64(e.Done)/elapsed.Seconds()))
		}
		if e.Total >= 0 {
			attrs = append(attrs, "total", e.Total)
			if e.Done > 0 && e.Done < e.Total {
				eta := time.Duration(float64(elapsed) * float64(e.Total-e.Done) / float64(e.Done))
				attrs = append(attrs, "eta", eta.Round(time.Second))
			}
		}
		if e.Final {
			delete(started, key)
			delete(last, key)
		}
		logger.Info("progress", attrs...)
	}
}

// Bar returns a Func that draws one progress bar per piece of work on w,
// which should be a terminal.
func Bar(w io.Writer) Func {
	var mu sync.Mutex
	bars := map[string]*progressbar.ProgressBar{}
	return func(e Event) {
		mu.Lock()
		defer mu.Unlock()
		key := e.Stage + "/" + e.Unit
		bar := bars[key]
		if bar == nil {
			bar = progressbar.NewOptions64(e.Total,
				progressbar.OptionSetWriter(w),
				progressbar.OptionSetDescription(e.Stage),
				progressbar.OptionShowCount(),
				progressbar.OptionShowIts(),
				progressbar.OptionSetItsString(e.Unit),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionClearOnFinish(),
			)
			if e.Unit == "bytes" {
				progressbar.OptionShowBytes(true)(bar)
			}
			bars[key] = bar
		}
		if e.Total >= 0 && bar.GetMax64() != e.Total {
			bar.ChangeMax64(e.Total)
		}
		if e.Detail != "" {
			bar.Describe(e.Stage + " " + e.Detail)
		}
		bar.Set64(e.Done)
		if e.Final {
			bar.Finish()
			delete(bars, key)
		}
	}
}
