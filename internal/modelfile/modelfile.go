package modelfile

import (
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
)

// FormatVersion is the version of the container layout that this package
// writes and reads.
const FormatVersion = 1

// Magic is the first 8 bytes of every model file. Like PNG's signature, its
// non-ASCII first byte and CR LF, 0x1A, LF tail show up damage done by
// transfers in text mode.
const Magic = "\x89LMF\r\n\x1a\n"

// Errors wrapped by the errors of Decode, Read and ReadFrom, for errors.Is.
var (
	// ErrNotModelFile: the data does not start with Magic.
	ErrNotModelFile = errors.New("not a litmine model file")
	// ErrVersion: the file has a format version other than FormatVersion.
	ErrVersion = errors.New("unsupported model file version")
	// ErrCorrupt: the file is truncated, fails its checksum, or has a header
	// that does not describe its contents.
	ErrCorrupt = errors.New("damaged model file")
)

// File is the content of a model file: named tensors, named byte blobs
// (vocabularies, label sets, any JSON) and descriptive fields.
type File struct {
	// Name identifies the model, such as "ner-bilstm-crf".
	Name string `json:"name,omitempty"`
	// LitmineVersion is the version of litmine that wrote the file.
	LitmineVersion string `json:"litmine_version,omitempty"`
	// Backend describes the gomlx backend the model was trained on.
	Backend string `json:"backend,omitempty"`
	// Created is the time the model was written, in RFC 3339 format. Empty
	// keeps the file bytes reproducible.
	Created string `json:"created,omitempty"`
	// Config is the model's configuration, any JSON value. Nil is stored
	// as absent.
	Config json.RawMessage `json:"config,omitempty"`
	// Scores holds evaluation scores by name, such as "dev_f1". Values must
	// be finite.
	Scores map[string]float64 `json:"scores,omitempty"`
	// Metadata holds any other descriptive strings.
	Metadata map[string]string `json:"metadata,omitempty"`
	// Tensors are the model's weights and other arrays; names are unique.
	Tensors []Tensor `json:"-"`
	// Blobs are named byte strings; names are unique.
	Blobs []Blob `json:"-"`
}

// Blob is a named byte string stored in a model file.
type Blob struct {
	Name string
	Data []byte
}

// Tensor returns the tensor with the given name, or nil.
func (f *File) Tensor(name string) *Tensor {
	for i := range f.Tensors {
		if f.Tensors[i].Name == name {
			return &f.Tensors[i]
		}
	}
	return nil
}

// Blob returns the data of the blob with the given name and whether it
// exists.
func (f *File) Blob(name string) ([]byte, bool) {
	for _, b := range f.Blobs {
		if b.Name == name {
			return b.Data, true
		}
	}
	return nil, false
}

// SetBlob adds a blob, or replaces the data of the blob with that name.
func (f *File) SetBlob(name string, data []byte) {
	for i := range f.Blobs {
		if f.Blobs[i].Name == name {
			f.Blobs[i].Data = data
			return
		}
	}
	f.Blobs = append(f.Blobs, Blob{Name: name, Data: data})
}

// SetJSON stores v, encoded as JSON, as the blob name.
func (f *File) SetJSON(name string, v any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode blob %q: %w", name, err)
	}
	f.SetBlob(name, data)
	return nil
}

// JSON decodes the blob name into v. A missing blob is an error.
func (f *File) JSON(name string, v any) error {
	data, ok := f.Blob(name)
	if !ok {
		return fmt.Errorf("blob %q not found in model file", name)
	}
	if err := json.Unmarshal(data, v); err != nil {
		return fmt.Errorf("decode blob %q: %w", name, err)
	}
	return nil
}

// validate checks what Encode needs: unique names, tensor sizes that match
// their shapes, finite scores.
func (f *File) validate() error {
	names := map[string]bool{}
	for i := range f.Tensors {
		t := &f.Tensors[i]
		if t.Name == "" || names[t.Name] {
			return fmt.Errorf("tensor %d: name %q is empty or repeated", i, t.Name)
		}
		names[t.Name] = true
		if err := t.check(); err != nil {
			return err
		}
	}
	blobNames := map[string]bool{}
	for i, b := range f.Blobs {
		if b.Name == "" || blobNames[b.Name] {
			return fmt.Errorf("blob %d: name %q is empty or repeated", i, b.Name)
		}
		blobNames[b.Name] = true
	}
	for _, name := range slices.Sorted(maps.Keys(f.Scores)) {
		if v := f.Scores[name]; math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("score %q is %v; scores must be finite", name, v)
		}
	}
	if f.Config != nil && !json.Valid(f.Config) {
		return errors.New("config is not valid JSON")
	}
	return nil
}
