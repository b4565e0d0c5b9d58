package ingest

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
)

// Default limits of ReadConfig.
const (
	DefaultMaxFileBytes   int64 = 4 << 30  // 4 GiB
	DefaultMaxRecordBytes int64 = 64 << 20 // 64 MiB
)

// Errors that readers wrap in the reason of a Problem; readers wrap
// datasets.ErrMalformed for records that do not follow their format.
var (
	// ErrTooLarge is wrapped when a file passes ReadConfig.MaxFileBytes after
	// decompression or a record passes ReadConfig.MaxRecordBytes.
	ErrTooLarge = errors.New("input too large")

	// ErrEmpty is wrapped when a record yields no paragraph, such as an empty
	// file or a JSON record without a title, abstract or body text.
	ErrEmpty = errors.New("document has no text")
)

// ReadConfig sets how Walk and ReadInput read input files. The zero value
// detects formats and uses the default limits.
type ReadConfig struct {
	// Format is the format of every input. FormatAuto, the zero value,
	// detects it per file as Walk describes.
	Format Format

	// MaxFileBytes caps the bytes read from one file, counted after gzip
	// decompression. A file that goes past it is reported as a Problem and
	// read no further; documents already emitted from it are kept. Zero or
	// negative means DefaultMaxFileBytes.
	MaxFileBytes int64

	// MaxRecordBytes caps one record held in memory: a whole text, brat or
	// JATS file, or one JSON line. A larger record is reported as a Problem
	// and skipped. Zero or negative means DefaultMaxRecordBytes.
	MaxRecordBytes int64
}

// withDefaults returns c with zero and negative limits replaced by defaults.
func (c ReadConfig) withDefaults() ReadConfig {
	if c.MaxFileBytes <= 0 {
		c.MaxFileBytes = DefaultMaxFileBytes
	}
	if c.MaxRecordBytes <= 0 {
		c.MaxRecordBytes = DefaultMaxRecordBytes
	}
	return c
}

// Walk reads every document under paths and calls emit for each good
// document, in a stable order: paths in the order given, and the entries of a
// directory sorted by name, recursively. It calls report for each rejected
// record and each file it cannot read; report may be nil. The byte offset of
// a Problem in a gzip file counts decompressed bytes.
//
// In a directory, Walk reads the files whose name, without a ".gz" suffix,
// ends in .txt, .ann, .xml, .nxml, .json, .jsonl or .ndjson, and skips other
// files, names that start with a dot and symbolic links to directories. A
// file named in paths is read whatever its name. Inputs describes how brat
// .txt and .ann files are paired.
//
// With FormatAuto, the format of a file comes from its content after gzip
// decompression (see detectFormat): content starting with "<?xml",
// "<!DOCTYPE article" or "<article" is JATS, content starting with "{" is
// JSON lines, a .txt file with an .ann file next to it is brat, and anything
// else is plain text. A file whose name says JATS or JSON but whose content
// does not is reported and skipped.
//
// Walk stops with an error naming the path when a path in paths does not
// exist or cannot be accessed, which it checks before it emits anything, or
// when a folder named in paths cannot be listed. It also stops when emit
// returns an error, and returns that error wrapped with the document id.
func Walk(paths []string, cfg ReadConfig, emit func(Document) error, report func(Problem)) error {
	cfg = cfg.withDefaults()
	return walkInputs(paths, cfg, func(in Input) error {
		return ReadInput(in, cfg, emit, report)
	}, report)
}

// ReadInput reads the documents of one input, as Walk does for each input
// that Inputs lists. It returns an error only when emit does; a file that
// cannot be read is reported as a Problem. report may be nil.
func ReadInput(in Input, cfg ReadConfig, emit func(Document) error, report func(Problem)) error {
	cfg = cfg.withDefaults()
	s := sink{emit: emit, report: report}
	if isAnnName(in.Path) {
		s.problem(in.Path, 0, "", fmt.Errorf("%w: brat annotations without a matching .txt file", errMissingPair))
		return nil
	}
	if in.AnnPath != "" || cfg.Format == FormatBrat {
		return readBrat(in, cfg, s)
	}

	src, err := openSource(in.Path, cfg)
	if err != nil {
		s.problem(in.Path, 0, "", err)
		return nil
	}
	defer src.Close()

	format, err := resolveFormat(in.Path, src, cfg.Format)
	if err != nil {
		s.problem(in.Path, 0, "", err)
		return nil
	}
	return readFormat(format, src, cfg, s)
}

// readFormat dispatches an opened source to the reader of its format.
func readFormat(format Format, src *source, cfg ReadConfig, s sink) error {
	switch format {
	case FormatJATS:
		return readWhole(src, FormatJATS, cfg, s, parseJATS)
	case FormatS2ORC:
		return readJSONLines(src, cfg, s)
	default:
		return readWhole(src, FormatText, cfg, s, parseText)
	}
}

// errMissingPair is wrapped when one file of a brat pair is missing.
var errMissingPair = errors.New("incomplete brat pair")

// sink passes documents and problems to the caller's callbacks.
type sink struct {
	emit   func(Document) error
	report func(Problem)
}

// problem reports err as a Problem at path and line, which is 0 when
// unknown. The byte offset comes from a *contentError in err, else it is -1.
func (s sink) problem(path string, line int, docID string, err error) {
	if s.report == nil {
		return
	}
	offset := int64(-1)
	var ce *contentError
	if errors.As(err, &ce) {
		offset = ce.offset
	}
	s.report(Problem{Path: path, Line: line, Offset: offset, DocID: docID, Reason: err.Error()})
}

// document sets the id of doc and emits it, or reports it when it has no
// paragraph. The returned error is emit's, wrapped.
func (s sink) document(doc Document) error {
	if len(doc.Paragraphs) == 0 {
		s.problem(doc.SourcePath, doc.SourceLine, "", ErrEmpty)
		return nil
	}
	doc.ID = DocumentID(doc)
	if err := s.emit(doc); err != nil {
		return fmt.Errorf("emit %s from %s: %w", doc.ID, doc.SourcePath, err)
	}
	return nil
}

// baseName returns the file name of path without a ".gz" suffix.
func baseName(path string) string {
	name := filepath.Base(path)
	if strings.HasSuffix(strings.ToLower(name), ".gz") {
		name = name[:len(name)-len(".gz")]
	}
	return name
}

// extension returns the lower-case extension of path without a ".gz" suffix,
// such as ".txt".
func extension(path string) string {
	return strings.ToLower(filepath.Ext(baseName(path)))
}

func isAnnName(path string) bool { return extension(path) == ".ann" }
