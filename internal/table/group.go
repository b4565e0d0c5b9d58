package table

import (
	"errors"
	"iter"
)

// errStop ends a Scan early when the consumer of Groups stops.
var errStop = errors.New("stop")

// Groups returns an iterator over the runs of consecutive rows of the file
// at path that share a key, such as the rows of one document. Rows with the
// same key that are not adjacent form separate groups. Call next until it
// returns false or an error, and stop when done; stop may be called early.
func Groups[T any](path string, opts ReadOptions, key func(*T) string) (next func() ([]T, bool, error), stop func()) {
	seq := func(yield func([]T, error) bool) {
		var group []T
		err := Scan(path, opts, func(rows []T) error {
			for i := range rows {
				if len(group) > 0 && key(&group[0]) != key(&rows[i]) {
					if !yield(group, nil) {
						return errStop
					}
					group = nil
				}
				group = append(group, rows[i])
			}
			return nil
		})
		switch {
		case errors.Is(err, errStop):
			return
		case err != nil:
			yield(nil, err)
			return
		case len(group) > 0:
			yield(group, nil)
		}
	}
	pull, stop := iter.Pull2(iter.Seq2[[]T, error](seq))
	next = func() ([]T, bool, error) {
		g, err, ok := pull()
		if !ok {
			return nil, false, nil
		}
		if err != nil {
			return nil, false, err
		}
		return g, true, nil
	}
	return next, stop
}
