// Package pool runs a function over a stream of items on several goroutines
// and hands the results back in input order.
package pool

import (
	"context"
	"sync"
)

// Ordered calls fn on each item from next using workers goroutines and calls
// emit with the results in the order next produced the items. next returns
// false when there are no more items. worker is the index, in [0, workers),
// of the goroutine calling fn, so fn can use per-worker state such as a
// tokenizer. At most 2*workers results wait for emit, which bounds memory.
//
// Ordered returns the first error of next, emit or ctx; fn cannot fail, so a
// per-item failure travels in its result. workers below 1 means 1.
func Ordered[In, Out any](ctx context.Context, workers int, next func() (In, bool, error), fn func(worker int, item In) Out, emit func(Out) error) error {
	if workers < 1 {
		workers = 1
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	type job struct {
		item In
		done chan Out
	}
	jobs := make(chan job, workers)
	pending := make(chan chan Out, 2*workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for j := range jobs {
				j.done <- fn(w, j.item)
			}
		}(w)
	}

	var readErr error
	go func() {
		defer close(pending)
		defer close(jobs)
		for {
			item, ok, err := next()
			if err != nil {
				readErr = err
				return
			}
			if !ok {
				return
			}
			done := make(chan Out, 1)
			select {
			case pending <- done:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- job{item: item, done: done}:
			case <-ctx.Done():
				return
			}
		}
	}()

	var emitErr error
	for done := range pending {
		var out Out
		select {
		case out = <-done:
		case <-ctx.Done():
		}
		if emitErr == nil && ctx.Err() == nil {
			emitErr = emit(out)
			if emitErr != nil {
				cancel()
			}
		}
	}
	wg.Wait()
	switch {
	case emitErr != nil:
		return emitErr
	case readErr != nil:
		return readErr
	}
	return context.Cause(ctx)
}
