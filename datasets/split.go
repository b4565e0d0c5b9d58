package datasets

import (
	"bufio"
	"fmt"
	"os"
	"strings"
)

// ReadSplit reads a split file: one document name per line, such as a brat
// file name without extension. Blank lines and lines starting with "#" are
// skipped; a name listed twice is an error naming both lines.
func ReadSplit(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read split: %w", err)
	}
	defer f.Close()
	var names []string
	seen := map[string]int{}
	scanner := bufio.NewScanner(f)
	for line := 1; scanner.Scan(); line++ {
		name := strings.TrimSpace(scanner.Text())
		if name == "" || strings.HasPrefix(name, "#") {
			continue
		}
		if first, ok := seen[name]; ok {
			return nil, &LineError{File: path, Line: line, Err: fmt.Errorf("%w: %q is already listed at line %d", ErrMalformed, name, first)}
		}
		seen[name] = line
		names = append(names, name)
	}
	if err := scanner.Err(); err != nil {
		return nil, fmt.Errorf("read split %s: %w", path, err)
	}
	if len(names) == 0 {
		return nil, fmt.Errorf("read split %s: %w: no names", path, ErrMalformed)
	}
	return names, nil
}
