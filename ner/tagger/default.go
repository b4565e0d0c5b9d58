package tagger

import (
	_ "embed"
	"fmt"
	"sync"
)

// defaultModel is the shipped model file; data/README.md gives the command
// that re-creates it and the scores it gave.
//
//go:embed data/model.lmf
var defaultModel []byte

var (
	defaultOnce   sync.Once
	defaultTagger *Model
	defaultErr    error
)

// Default returns the tagger model shipped in the binary, decoded on the
// first call and shared after: a Model is safe for concurrent use.
func Default() (*Model, error) {
	defaultOnce.Do(func() {
		defaultTagger, defaultErr = Decode(defaultModel)
		if defaultErr != nil {
			defaultErr = fmt.Errorf("load the shipped tagger model: %w", defaultErr)
		}
	})
	return defaultTagger, defaultErr
}
