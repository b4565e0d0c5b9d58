// Package shareddata locates the real-data corpora that tests and
// benchmarks read: a folder with one subfolder per corpus (mspt,
// elife-jats, text-mined-synthesis, ...), by default ../shared/data beside
// the repository.
package shareddata

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// EnvDir names the environment variable that overrides the data folder.
const EnvDir = "LITMINE_DATA_DIR"

// Dir returns the data folder: $LITMINE_DATA_DIR when set, otherwise
// ../shared/data relative to the root of the module that contains the
// working directory. It does not check that the folder exists.
func Dir() string {
	if dir := os.Getenv(EnvDir); dir != "" {
		return dir
	}
	wd, err := os.Getwd()
	if err != nil {
		return filepath.Join("..", "shared", "data")
	}
	for dir := wd; ; dir = filepath.Dir(dir) {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "..", "shared", "data")
		}
		if filepath.Dir(dir) == dir {
			return filepath.Join(wd, "..", "shared", "data")
		}
	}
}

// Require returns the folder of one corpus. When it is missing, the test is
// skipped with a message saying how to point at the data, or failed when
// the environment variable CI is "true", so that CI never passes without
// its real-data tests.
func Require(tb testing.TB, corpus string) string {
	tb.Helper()
	dir := filepath.Join(Dir(), corpus)
	if _, err := os.Stat(dir); err != nil {
		msg := fmt.Sprintf("corpus %s not found (%v); set %s to the shared data folder", corpus, err, EnvDir)
		if os.Getenv("CI") == "true" {
			tb.Fatal(msg)
		}
		tb.Skip(msg)
	}
	return dir
}
