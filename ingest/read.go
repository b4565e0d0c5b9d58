package ingest

import (
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"
)

// Default limits of ReadConfig.
const (
	DefaultMaxFileBytes      int64 = 4 << 30  // 4 GiB
	DefaultMaxRecordBytes    int64 = 64 << 20 // 64 MiB
	DefaultMaxLineBytes      int64 = 16 << 20 // 16 MiB
	DefaultMaxArchiveEntries       = 100_000
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
	// read no further; documents already emitted from it are kept. For a zip
	// or tar archive it caps the sum of the member sizes, and each member
	// file has the cap of its own as well. It also caps the bytes copied from
	// standard input. Zero or negative means DefaultMaxFileBytes.
	MaxFileBytes int64

	// MaxRecordBytes caps one whole-file record held in memory: a text,
	// brat or JATS file, in bytes after decompression. A larger record is
	// reported as a Problem and skipped. Zero or negative means
	// DefaultMaxRecordBytes.
	MaxRecordBytes int64

	// MaxLineBytes caps one line of a JSON-lines file, in bytes after
	// decompression, without the line break. A longer line is reported with
	// its line number and skipped, and the lines after it are read. Zero or
	// negative means DefaultMaxLineBytes.
	MaxLineBytes int64

	// MaxArchiveEntries caps the entries of one zip or tar archive, counting
	// folders and rejected entries. At the first entry past it, extraction
	// stops with a Problem and the members extracted before it are read.
	// Zero or negative means DefaultMaxArchiveEntries.
	MaxArchiveEntries int

	// TempDir is the folder in which each archive is extracted into a new
	// folder, and standard input is copied into a new file, both removed
	// after reading. Empty means os.TempDir().
	TempDir string

	// Stdin is read for the input path "-" (StdinPath). Nil means os.Stdin.
	Stdin io.Reader

	// PDFTimeout caps the time that the pdftotext program may take to
	// extract the text of one PDF file. A PDF that takes longer is reported
	// as a Problem. Zero or negative means DefaultPDFTimeout.
	PDFTimeout time.Duration

	// The fields below are set by ReadInput and Run, never by callers.
	root      string // the folder that input paths are opened through; see Input.Root
	inArchive bool   // the input was extracted from an archive, so archives in it are rejected
	stdinCopy string // the file that Run copied standard input to; empty when it has not
}

// withDefaults returns c with zero and negative limits replaced by defaults.
func (c ReadConfig) withDefaults() ReadConfig {
	if c.MaxFileBytes <= 0 {
		c.MaxFileBytes = DefaultMaxFileBytes
	}
	if c.MaxRecordBytes <= 0 {
		c.MaxRecordBytes = DefaultMaxRecordBytes
	}
	if c.MaxLineBytes <= 0 {
		c.MaxLineBytes = DefaultMaxLineBytes
	}
	if c.MaxArchiveEntries <= 0 {
		c.MaxArchiveEntries = DefaultMaxArchiveEntries
	}
	if c.PDFTimeout <= 0 {
		c.PDFTimeout = DefaultPDFTimeout
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
// ends in .txt, .ann, .xml, .nxml, .json, .jsonl, .ndjson, .html, .htm,
// .xhtml, .md, .markdown, .pdf, .tsv, .zip, .tar or .tgz. It skips other
// files and names that start with a dot. A file named
// in paths is read whatever its name, and the path "-" (StdinPath) reads
// standard input. Inputs describes how brat .txt and .ann files are paired
// and which symbolic links are followed. ReadInput describes archives.
//
// With FormatAuto, the format of a file comes from its content after gzip
// decompression (see detectFormat). Content starting with "%PDF-" is PDF,
// with "#FORMAT=WebAnno TSV" WebAnno, with "<!DOCTYPE html" or "<html"
// HTML, with "<?xml", "<!DOCTYPE article" or "<article" JATS, and with "{"
// JSON lines. Content that opens with YAML front matter, or with a "# "
// heading followed by more Markdown, is Markdown (see isMarkdown). A
// .txt file with an .ann file next to it is brat, and anything else is
// plain text. Names ending in .md or .markdown are Markdown, and names
// ending in .tsv are WebAnno; such a .tsv file that a directory walk finds
// is skipped silently when its content is not WebAnno, and so is a JSON file
// whose records are not papers. Files named README, LICENSE and the like
// are skipped in walks (see isFolderNote). A file whose name says JATS, JSON, HTML or PDF but whose content
// does not is reported and skipped (see resolveFormat).
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
//
// A zip or tar archive (see readArchive) is extracted and its members are
// read as a directory input is, with source paths such as
// "corpus.zip!/brat/a.txt". The path "-" (StdinPath) reads standard input
// through a temporary copy (see readStdin).
func ReadInput(in Input, cfg ReadConfig, emit func(Document) error, report func(Problem)) error {
	cfg = cfg.withDefaults()
	s := sink{emit: emit, report: report}
	if in.Path == StdinPath {
		return readStdin(cfg, s)
	}
	cfg.root = in.Root
	if kind := archiveKindOf(in, cfg); kind != notArchive {
		return readArchive(in.Path, kind, cfg, s)
	}
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
	case FormatHTML:
		return readHTML(src, cfg, s)
	case FormatMarkdown:
		return readWhole(src, FormatMarkdown, cfg, s, parseMarkdown)
	case FormatPDF:
		return readPDF(src, cfg, s)
	case FormatWebAnno:
		return readWebAnno(src, cfg, s)
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
