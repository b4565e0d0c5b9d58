package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"io"

	"github.com/litmine/litmine/datasets"
)

// utf8BOM is the byte order mark that some editors put at the start of UTF-8
// files.
var utf8BOM = []byte("\uFEFF")

// resolveFormat returns the format to read src with: forced unless it is
// FormatAuto, else the format detectFormat finds in the first bytes of src.
// It rejects a file with a NUL byte in its first bytes as binary, and a file
// whose name says JATS or JSON while its content does not. A blank file is
// text, whatever its name.
func resolveFormat(path string, src *source, forced Format) (Format, error) {
	head, err := src.Peek(sniffBytes)
	if err != nil && len(head) == 0 && !errors.Is(err, io.EOF) {
		return FormatAuto, fmt.Errorf("read: %w", err)
	}
	if i := bytes.IndexByte(head, 0); i >= 0 {
		return FormatAuto, &contentError{int64(i), fmt.Errorf("%w: NUL byte, so the content looks binary", datasets.ErrMalformed)}
	}
	if forced != FormatAuto {
		return forced, nil
	}
	if len(head) < sniffBytes && len(bytes.TrimSpace(bytes.TrimPrefix(head, utf8BOM))) == 0 {
		// The whole file is blank; the text reader reports it as empty.
		return FormatText, nil
	}

	detected := detectFormat(head)
	named := formatOfName(path)
	if named != FormatAuto && named != detected {
		return FormatAuto, fmt.Errorf("%w: the file extension is for %s but the content looks like %s; set the format explicitly to read it anyway",
			datasets.ErrMalformed, named, detected)
	}
	return detected, nil
}

// detectFormat returns the format that the first bytes of a file suggest,
// ignoring a leading byte order mark and white space. Content starting with
// "<?xml", "<!DOCTYPE article", "<article" or "<pmc-articleset" is JATS,
// content starting with "{" is JSON lines, and anything else is plain text.
// It never returns FormatBrat, which depends on a sibling .ann file.
func detectFormat(head []byte) Format {
	head = bytes.TrimLeft(bytes.TrimPrefix(head, utf8BOM), " \t\r\n")
	for _, prefix := range []string{"<?xml", "<!DOCTYPE article", "<article", "<pmc-articleset"} {
		if bytes.HasPrefix(head, []byte(prefix)) {
			return FormatJATS
		}
	}
	if bytes.HasPrefix(head, []byte("{")) {
		return FormatS2ORC
	}
	return FormatText
}

// formatOfName returns the format that the extension of path names, or
// FormatAuto for .txt files and unknown extensions.
func formatOfName(path string) Format {
	switch extension(path) {
	case ".xml", ".nxml":
		return FormatJATS
	case ".json", ".jsonl", ".ndjson":
		return FormatS2ORC
	}
	return FormatAuto
}
