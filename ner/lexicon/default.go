package lexicon

import (
	"embed"
	"sync"
)

// shipped holds the tables that Generate wrote to the data folder.
//
//go:embed data
var shipped embed.FS

var (
	defaultOnce    sync.Once
	defaultLexicon *Lexicon
	defaultErr     error
)

// Default returns the lexicons shipped in the binary, loading them on the
// first call. It is safe for concurrent use. Every call returns the same
// *Lexicon, so callers must not modify it; copy what needs changing.
func Default() (*Lexicon, error) {
	defaultOnce.Do(func() {
		defaultLexicon, defaultErr = Load(shipped, "data")
	})
	return defaultLexicon, defaultErr
}
