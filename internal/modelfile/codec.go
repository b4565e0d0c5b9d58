package modelfile

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
)

// Layout sizes in bytes.
const (
	prefixSize   = len(Magic) + 4 + 8 // magic, version, header length
	checksumSize = sha256.Size
)

// header is the JSON header of a model file: the descriptive fields of File
// and where each tensor and blob lies in the data section.
type header struct {
	File
	Tensors []tensorEntry `json:"tensors"`
	Blobs   []blobEntry   `json:"blobs"`
}

type tensorEntry struct {
	Name   string `json:"name"`
	DType  DType  `json:"dtype"`
	Shape  []int  `json:"shape"`
	Offset int64  `json:"offset"`
	Size   int64  `json:"size"`
}

type blobEntry struct {
	Name   string `json:"name"`
	Offset int64  `json:"offset"`
	Size   int64  `json:"size"`
}

// Encode writes f to w in the model file format. It returns an error for a
// tensor whose data does not match its shape, repeated or empty names,
// non-finite scores or invalid config JSON, before writing anything.
func Encode(w io.Writer, f *File) error {
	if err := f.validate(); err != nil {
		return fmt.Errorf("encode model file: %w", err)
	}
	h := header{File: *f, Tensors: []tensorEntry{}, Blobs: []blobEntry{}}
	var offset int64
	for _, t := range f.Tensors {
		h.Tensors = append(h.Tensors, tensorEntry{Name: t.Name, DType: t.DType, Shape: nonNil(t.Shape), Offset: offset, Size: int64(len(t.Data))})
		offset += int64(len(t.Data))
	}
	for _, b := range f.Blobs {
		h.Blobs = append(h.Blobs, blobEntry{Name: b.Name, Offset: offset, Size: int64(len(b.Data))})
		offset += int64(len(b.Data))
	}
	headerJSON, err := json.Marshal(h)
	if err != nil {
		return fmt.Errorf("encode model file: %w", err)
	}

	hash := sha256.New()
	out := io.MultiWriter(w, hash)
	prefix := make([]byte, prefixSize)
	copy(prefix, Magic)
	binary.LittleEndian.PutUint32(prefix[len(Magic):], FormatVersion)
	binary.LittleEndian.PutUint64(prefix[len(Magic)+4:], uint64(len(headerJSON)))
	parts := [][]byte{prefix, headerJSON}
	for _, t := range f.Tensors {
		parts = append(parts, t.Data)
	}
	for _, b := range f.Blobs {
		parts = append(parts, b.Data)
	}
	for _, p := range parts {
		if _, err := out.Write(p); err != nil {
			return fmt.Errorf("encode model file: %w", err)
		}
	}
	if _, err := w.Write(hash.Sum(nil)); err != nil {
		return fmt.Errorf("encode model file: %w", err)
	}
	return nil
}

func nonNil(shape []int) []int {
	if shape == nil {
		return []int{}
	}
	return shape
}

// Decode parses a model file held in data, such as one embedded with
// go:embed. The tensors and blobs of the result share memory with data, so
// data must not change afterwards. Damaged input gives an error wrapping
// ErrNotModelFile, ErrVersion or ErrCorrupt, not a panic.
func Decode(data []byte) (*File, error) {
	if err := checkFrame(data); err != nil {
		return nil, err
	}

	headerSize := binary.LittleEndian.Uint64(data[len(Magic)+4:])
	body := data[prefixSize : len(data)-checksumSize]
	if headerSize > uint64(len(body)) {
		return nil, fmt.Errorf("%w: header of %d bytes does not fit in the file", ErrCorrupt, headerSize)
	}
	var h header
	if err := json.Unmarshal(body[:headerSize], &h); err != nil {
		return nil, fmt.Errorf("%w: invalid header: %v", ErrCorrupt, err)
	}

	section := body[headerSize:]
	f := h.File
	for _, e := range h.Tensors {
		chunk, err := sliceSection(section, e.Name, e.Offset, e.Size)
		if err != nil {
			return nil, err
		}
		f.Tensors = append(f.Tensors, Tensor{Name: e.Name, DType: e.DType, Shape: e.Shape, Data: chunk})
	}
	for _, e := range h.Blobs {
		chunk, err := sliceSection(section, e.Name, e.Offset, e.Size)
		if err != nil {
			return nil, err
		}
		f.Blobs = append(f.Blobs, Blob{Name: e.Name, Data: chunk})
	}
	if err := f.validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return &f, nil
}

// checkFrame checks the magic, the version and the checksum of data.
func checkFrame(data []byte) error {
	if len(data) == 0 {
		return fmt.Errorf("%w: the file is empty", ErrCorrupt)
	}
	if !bytes.HasPrefix(data, []byte(Magic)) {
		if len(data) < len(Magic) && bytes.HasPrefix([]byte(Magic), data) {
			return fmt.Errorf("%w: truncated to %d bytes", ErrCorrupt, len(data))
		}
		return fmt.Errorf("%w: the first bytes are %q, want %q", ErrNotModelFile, firstBytes(data), Magic)
	}
	if len(data) < prefixSize+checksumSize {
		return fmt.Errorf("%w: truncated to %d bytes", ErrCorrupt, len(data))
	}
	if version := binary.LittleEndian.Uint32(data[len(Magic):]); version != FormatVersion {
		return fmt.Errorf("%w: format version %d, this build reads version %d (the file is newer or damaged)", ErrVersion, version, FormatVersion)
	}
	sum := sha256.Sum256(data[:len(data)-checksumSize])
	if !bytes.Equal(sum[:], data[len(data)-checksumSize:]) {
		return fmt.Errorf("%w: SHA-256 checksum mismatch (truncated or altered), stored %s, computed %s",
			ErrCorrupt, hex.EncodeToString(data[len(data)-checksumSize:])[:16], hex.EncodeToString(sum[:])[:16])
	}
	return nil
}

func firstBytes(data []byte) []byte {
	return data[:min(len(data), len(Magic))]
}

// sliceSection returns section[offset:offset+size], or an error naming the
// entry when that range is outside the section.
func sliceSection(section []byte, name string, offset, size int64) ([]byte, error) {
	if offset < 0 || size < 0 || offset > int64(len(section)) || size > int64(len(section))-offset {
		return nil, fmt.Errorf("%w: entry %q at offset %d with %d bytes lies outside the %d-byte data section", ErrCorrupt, name, offset, size, len(section))
	}
	return section[offset : offset+size : offset+size], nil
}

// ReadFrom reads a whole model file from r and decodes it.
func ReadFrom(r io.Reader) (*File, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read model file: %w", err)
	}
	f, err := Decode(data)
	if err != nil {
		return nil, fmt.Errorf("read model file: %w", err)
	}
	return f, nil
}

// Read reads and decodes the model file at path. Errors name the file.
func Read(path string) (*File, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read model file %s: %w", path, err)
	}
	f, err := Decode(data)
	if err != nil {
		return nil, fmt.Errorf("read model file %s: %w", path, err)
	}
	return f, nil
}

// Write writes f to path atomically: to a temporary file in the same
// folder, synced and renamed over path, with the folder synced after. So
// path holds either its old content or the complete new file, also after a
// crash. The folder must exist.
func Write(path string, f *File) (err error) {
	tmp, err := createTemp(path)
	if err != nil {
		return fmt.Errorf("write model file %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = Encode(tmp, f); err != nil {
		return fmt.Errorf("write model file %s: %w", path, err)
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("write model file %s: %w", path, err)
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("write model file %s: %w", path, err)
	}
	if err = os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write model file %s: %w", path, err)
	}
	if err = syncDir(filepath.Dir(path)); err != nil {
		return fmt.Errorf("write model file %s: %w", path, err)
	}
	return nil
}

// createTemp creates a new file ".BASE.tmp-RANDOM" next to path with mode
// 0644 (before the umask), like any other file the user creates.
func createTemp(path string) (*os.File, error) {
	dir, base := filepath.Split(path)
	for try := 0; ; try++ {
		name := filepath.Join(dir, "."+base+".tmp-"+rand.Text()[:12])
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
		if err == nil || !errors.Is(err, fs.ErrExist) || try == 10 {
			return f, err
		}
	}
}

// IsTemp reports whether name (a base name) is a temporary file left by an
// interrupted Write.
func IsTemp(name string) bool {
	return len(name) > 0 && name[0] == '.' && bytes.Contains([]byte(name), []byte(".tmp-"))
}

func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}
