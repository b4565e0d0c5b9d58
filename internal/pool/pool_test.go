package pool

import (
	"context"
	"errors"
	"testing"
	"time"
)

func counter(n int) func() (int, bool, error) {
	i := 0
	return func() (int, bool, error) {
		if i >= n {
			return 0, false, nil
		}
		i++
		return i - 1, true, nil
	}
}

func TestOrderedKeepsOrder(t *testing.T) {
	for _, workers := range []int{0, 1, 3, 8} {
		var got []int
		err := Ordered(context.Background(), workers, counter(200), func(_ int, x int) int {
			time.Sleep(time.Duration(x%7) * 50 * time.Microsecond)
			return x * x
		}, func(y int) error {
			got = append(got, y)
			return nil
		})
		if err != nil {
			t.Fatalf("workers %d: %v", workers, err)
		}
		if len(got) != 200 {
			t.Fatalf("workers %d: got %d results, want 200", workers, len(got))
		}
		for i, y := range got {
			if y != i*i {
				t.Fatalf("workers %d: result %d = %d, want %d", workers, i, y, i*i)
			}
		}
	}
}

func TestOrderedStopsOnEmitError(t *testing.T) {
	stop := errors.New("stop")
	calls := 0
	err := Ordered(context.Background(), 4, counter(1000), func(_ int, x int) int { return x }, func(y int) error {
		calls++
		if y == 10 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) {
		t.Fatalf("error = %v, want %v", err, stop)
	}
	if calls != 11 {
		t.Errorf("emit called %d times, want 11", calls)
	}
}

func TestOrderedReturnsReadError(t *testing.T) {
	bad := errors.New("bad input")
	i := 0
	next := func() (int, bool, error) {
		i++
		if i == 5 {
			return 0, false, bad
		}
		return i, true, nil
	}
	err := Ordered(context.Background(), 2, next, func(_ int, x int) int { return x }, func(int) error { return nil })
	if !errors.Is(err, bad) {
		t.Fatalf("error = %v, want %v", err, bad)
	}
}

func TestOrderedHonoursCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	err := Ordered(ctx, 2, counter(1_000_000), func(_ int, x int) int { return x }, func(y int) error {
		if y == 100 {
			cancel()
		}
		return nil
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want context.Canceled", err)
	}
}
