package datasets

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
)

// SOFCDocument is one article of the SOFC-Exp corpus (Friedrich et al.,
// ACL 2020) with its span annotations as a brat document: each SPAN line of
// the frames file becomes a text-bound span whose label is the span type
// (MATERIAL, VALUE, DEVICE or EXPERIMENT), with offsets into the whole text.
type SOFCDocument struct {
	*BratDocument
	DOI string
	Set string // "train" or "dev", from the metadata table
	// Annotated holds the [start, end) offsets of the sentences that
	// describe an experiment, the only ones the corpus annotates.
	Annotated [][2]int
}

// ReadSOFCExp reads the articles of an SOFC-Exp folder (texts/,
// annotations/sentences/, annotations/frames/ and SOFC-Exp-Metadata.tsv)
// whose metadata set equals set, or every article when set is empty, in
// name order. Span offsets in the frames files count from the start of
// their sentence; ReadSOFCExp moves them to the whole text.
func ReadSOFCExp(root, set string) ([]SOFCDocument, error) {
	meta, err := readSOFCMetadata(filepath.Join(root, "SOFC-Exp-Metadata.tsv"))
	if err != nil {
		return nil, err
	}
	names := make([]string, 0, len(meta))
	for name, m := range meta {
		if set == "" || m.set == set {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	var out []SOFCDocument
	for _, name := range names {
		doc, annotated, err := readSOFCArticle(root, name)
		if err != nil {
			return nil, err
		}
		out = append(out, SOFCDocument{BratDocument: doc, DOI: meta[name].doi, Set: meta[name].set, Annotated: annotated})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("read SOFC-Exp %s: no article in set %q", root, set)
	}
	return out, nil
}

type sofcMeta struct{ doi, set string }

// readSOFCMetadata reads the metadata table, which quotes fields as CSV
// does: a journal name holds a line break inside quotes.
func readSOFCMetadata(path string) (map[string]sofcMeta, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.Comma = '\t'
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	rows, err := r.ReadAll()
	if err != nil {
		return nil, &LineError{File: path, Err: fmt.Errorf("%w: %v", ErrMalformed, err)}
	}
	if len(rows) < 2 {
		return nil, &LineError{File: path, Err: fmt.Errorf("%w: no rows", ErrMalformed)}
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	for _, need := range []string{"name", "DOI", "set"} {
		if _, ok := col[need]; !ok {
			return nil, &LineError{File: path, Line: 1, Err: fmt.Errorf("%w: no column %q", ErrMalformed, need)}
		}
	}
	out := map[string]sofcMeta{}
	for i, r := range rows[1:] {
		if len(r) <= max(col["name"], col["DOI"], col["set"]) {
			return nil, &LineError{File: path, Line: i + 2, Err: fmt.Errorf("%w: %d columns", ErrMalformed, len(r))}
		}
		out[r[col["name"]]] = sofcMeta{doi: r[col["DOI"]], set: r[col["set"]]}
	}
	return out, nil
}

// readSOFCArticle reads one article's text, spans and annotated sentences.
func readSOFCArticle(root, name string) (*BratDocument, [][2]int, error) {
	textPath := filepath.Join(root, "texts", name+".txt")
	data, err := os.ReadFile(textPath)
	if err != nil {
		return nil, nil, fmt.Errorf("read SOFC-Exp article: %w", err)
	}
	doc := &BratDocument{Name: name, Text: string(data)}
	starts, annotated, err := readSOFCSentences(filepath.Join(root, "annotations", "sentences", name+".csv"))
	if err != nil {
		return nil, nil, err
	}
	framesPath := filepath.Join(root, "annotations", "frames", name+".csv")
	rows, err := readTSV(framesPath)
	if err != nil {
		return nil, nil, err
	}
	runes := []rune(doc.Text)
	for i, r := range rows {
		if len(r) < 6 || r[0] != "SPAN" {
			continue
		}
		span, err := sofcSpan(r, starts, runes)
		if err != nil {
			return nil, nil, &LineError{File: framesPath, Line: i + 1, Err: err}
		}
		doc.Spans = append(doc.Spans, span)
	}
	return doc, annotated, nil
}

// sofcSpan turns a SPAN row (id, type, sentence, begin, end) into a span.
func sofcSpan(r []string, starts map[int]int, runes []rune) (BratSpan, error) {
	sent, err1 := strconv.Atoi(r[3])
	begin, err2 := strconv.Atoi(r[4])
	end, err3 := strconv.Atoi(r[5])
	base, ok := starts[sent]
	if err1 != nil || err2 != nil || err3 != nil || !ok || begin < 0 || end < begin || base+end > len(runes) {
		return BratSpan{}, fmt.Errorf("%w: span %s: invalid sentence or offsets %q", ErrMalformed, r[1], strings.Join(r[3:6], " "))
	}
	label, _, _ := strings.Cut(r[2], ":")
	return BratSpan{ID: "T" + r[1], Label: label, Start: base + begin, End: base + end, Text: string(runes[base+begin : base+end])}, nil
}

// readSOFCSentences returns the start offset of each sentence id and the
// ranges of the sentences labelled 1, which describe an experiment.
func readSOFCSentences(path string) (map[int]int, [][2]int, error) {
	rows, err := readTSV(path)
	if err != nil {
		return nil, nil, err
	}
	starts := map[int]int{}
	var annotated [][2]int
	for i, r := range rows {
		if len(r) < 4 {
			continue
		}
		id, err1 := strconv.Atoi(r[0])
		begin, err2 := strconv.Atoi(r[2])
		end, err3 := strconv.Atoi(r[3])
		if err1 != nil || err2 != nil || err3 != nil {
			return nil, nil, &LineError{File: path, Line: i + 1, Err: fmt.Errorf("%w: invalid sentence row %q", ErrMalformed, strings.Join(r, "\t"))}
		}
		starts[id] = begin
		if r[1] == "1" {
			annotated = append(annotated, [2]int{begin, end})
		}
	}
	return starts, annotated, nil
}

// readTSV reads a tab-separated file without quoting rules.
func readTSV(path string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	defer f.Close()
	var rows [][]string
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		rows = append(rows, strings.Split(strings.TrimRight(sc.Text(), "\r"), "\t"))
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	return rows, nil
}
