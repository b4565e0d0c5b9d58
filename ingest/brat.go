package ingest

import (
	"bytes"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/litmine/litmine/datasets"
)

// readBrat reads the brat pair in: the .txt file is the document text and
// the .ann file its gold annotations. Each bad .ann line is reported as a
// Problem, and the document keeps its good annotations. A pair with an
// unreadable file is reported and skipped.
func readBrat(in Input, cfg ReadConfig, s sink) error {
	ann := in.AnnPath
	if ann == "" && extension(in.Path) == ".txt" {
		ann = sibling(in.Path, ".ann")
	}
	if ann == "" {
		s.problem(in.Path, 0, "", fmt.Errorf("%w: brat needs X.txt and X.ann in the same folder; no .ann file goes with this file", errMissingPair))
		return nil
	}
	text, err := readFile(in.Path, cfg)
	if err != nil {
		s.problem(in.Path, 0, "", err)
		return nil
	}
	annData, err := readFile(ann, cfg)
	if err != nil {
		s.problem(ann, 0, "", err)
		return nil
	}

	doc := parseBratText(string(text))
	doc.SourcePath = in.Path
	doc.Format = FormatBrat
	if len(doc.Paragraphs) == 0 {
		return s.document(doc)
	}
	gold, annErr := datasets.ParseAnn(bytes.NewReader(annData), ann, doc.Text)
	gold.Name = strings.TrimSuffix(baseName(in.Path), filepath.Ext(baseName(in.Path)))
	doc.Gold = gold
	reportAnnErrors(s, ann, DocumentID(doc), annErr)
	return s.document(doc)
}

// reportAnnErrors reports each error that datasets.ParseAnn joined into err,
// one Problem per *datasets.LineError.
func reportAnnErrors(s sink, ann, docID string, err error) {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		// ParseAnn joins the line errors with a joined error of reference
		// errors, so joins can nest.
		for _, e := range joined.Unwrap() {
			reportAnnErrors(s, ann, docID, e)
		}
		return
	}
	var lineErr *datasets.LineError
	switch {
	case err == nil:
	case errors.As(err, &lineErr):
		s.problem(lineErr.File, lineErr.Line, docID, lineErr.Err)
	default:
		s.problem(ann, 0, docID, err)
	}
}

// maxTitleChars is the maximum length, in code points, of a line that
// parseBratText takes for a title. The titles of the 165 MSPT train and dev
// files are at most 217 code points long.
const maxTitleChars = 300

// parseBratText reads the text of a brat document. Text is the input
// unchanged, because .ann offsets index it, and each non-blank line is a
// paragraph. When the first non-blank line is a DOI, as in the MSPT corpus,
// it sets DOI and gets no paragraph. Then the next non-blank line is the
// title, a KindTitle paragraph that sets Title, unless it ends with a full
// stop or is longer than maxTitleChars. Three MSPT files have no title
// line, and that rule keeps their first procedure paragraph out of the
// title. Other lines are KindBody.
func parseBratText(text string) Document {
	doc := Document{Text: text}
	state := bratStart
	for l := range lines(text) {
		if l.blank() {
			continue
		}
		kind := KindBody
		switch {
		case state == bratStart && isDOI(lineText(text, l)):
			doc.DOI = normalizeDOI(lineText(text, l))
			state = bratAfterDOI
			continue
		case state == bratAfterDOI && isTitleLine(text, l):
			doc.Title = lineText(text, l)
			kind = KindTitle
		}
		state = bratBody
		doc.Paragraphs = append(doc.Paragraphs, Paragraph{Kind: kind, Start: l.start, End: l.end})
	}
	return doc
}

// States of parseBratText between non-blank lines.
const (
	bratStart    = iota // before the first non-blank line
	bratAfterDOI        // right after the DOI line
	bratBody            // past the DOI and title
)

// isTitleLine reports whether the non-blank line l can be a title.
func isTitleLine(text string, l textLine) bool {
	return l.end-l.start <= maxTitleChars && !strings.HasSuffix(lineText(text, l), ".")
}

// lineText returns the trimmed text of l.
func lineText(text string, l textLine) string { return text[l.byteStart:l.byteEnd] }
