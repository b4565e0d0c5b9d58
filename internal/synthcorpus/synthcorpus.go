// Package synthcorpus builds large input corpora for ingest benchmarks and
// stress tests by copying documents of the real corpora and making each
// copy distinct, so that duplicate detection keeps every one.
//
// Each copy changes only what keeps it apart from the others: the id or DOI
// of a JSON record or JATS article, a few characters of the DOI line of an
// MSPT procedure (at the same length, so brat offsets stay valid), or a line
// appended to a plain text. The text that readers parse is otherwise real.
package synthcorpus

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// Mix is the share of each source in a generated corpus, in percent; the
// shares must add up to 100.
type Mix struct {
	ArxivMetadata int // abstract-only records of arxiv_metadata.jsonl.gz, written as JSON lines
	MSPT          int // brat procedures with gold annotations
	SOFC          int // plain-text SOFC-Exp articles
	ELife         int // JATS articles, gzip-compressed
	Unarxive      int // full unarXive papers, written as gzip-compressed JSON lines
}

// DefaultMix keeps the corpus near 1.5 GB of text for 100,000 documents
// while every format is present.
var DefaultMix = Mix{ArxivMetadata: 55, MSPT: 35, SOFC: 5, ELife: 3, Unarxive: 2}

// Stats describes a generated corpus.
type Stats struct {
	Documents int
	Files     int
	Bytes     int64 // on disk, compressed where the files are
}

// sources holds the real documents that copies are made from.
type sources struct {
	metadata []map[string]any
	unarxive []map[string]any
	mspt     []bratPair
	sofc     []string
	elife    []string // uncompressed XML
}

type bratPair struct{ name, txt, ann string }

// Generate writes n documents into dir, which must not exist yet, copying
// them from the corpora in dataDir (the folder with mspt, sofc-exp,
// elife-jats and unarxive-sample) in the proportions of mix.
func Generate(dataDir, dir string, n int, mix Mix) (Stats, error) {
	if mix.ArxivMetadata+mix.MSPT+mix.SOFC+mix.ELife+mix.Unarxive != 100 {
		return Stats{}, fmt.Errorf("mix shares add up to %d, want 100", mix.ArxivMetadata+mix.MSPT+mix.SOFC+mix.ELife+mix.Unarxive)
	}
	src, err := loadSources(dataDir)
	if err != nil {
		return Stats{}, err
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return Stats{}, err
	}
	if err := os.Mkdir(dir, 0o755); err != nil {
		return Stats{}, err
	}
	w := &writer{dir: dir, src: src}
	counts := []struct {
		share int
		write func(int) error
	}{
		{mix.ArxivMetadata, w.metadata}, {mix.MSPT, w.brat}, {mix.SOFC, w.text}, {mix.ELife, w.jats}, {mix.Unarxive, w.papers},
	}
	left := n
	for i, c := range counts {
		k := n * c.share / 100
		if i == len(counts)-1 {
			k = left
		}
		left -= k
		if err := c.write(k); err != nil {
			return w.stats, err
		}
	}
	return w.stats, nil
}

func loadSources(dataDir string) (*sources, error) {
	var s sources
	var err error
	if s.metadata, err = readJSONLines(filepath.Join(dataDir, "unarxive-sample", "arxiv_metadata.jsonl.gz")); err != nil {
		return nil, err
	}
	if s.unarxive, err = readJSONLines(filepath.Join(dataDir, "unarxive-sample", "arXiv_src_2212_086.subset.jsonl.gz")); err != nil {
		return nil, err
	}
	if s.mspt, err = readBrat(filepath.Join(dataDir, "mspt", "brat")); err != nil {
		return nil, err
	}
	if s.sofc, err = readFiles(filepath.Join(dataDir, "sofc-exp", "texts", "*.txt"), false); err != nil {
		return nil, err
	}
	if s.elife, err = readFiles(filepath.Join(dataDir, "elife-jats", "*.xml.gz"), true); err != nil {
		return nil, err
	}
	return &s, nil
}

func readJSONLines(path string) ([]map[string]any, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	var out []map[string]any
	sc := bufio.NewScanner(zr)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var rec map[string]any
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, fmt.Errorf("read %s: %w", path, err)
		}
		out = append(out, rec)
	}
	return out, sc.Err()
}

func readBrat(dir string) ([]bratPair, error) {
	txts, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	sort.Strings(txts)
	var out []bratPair
	for _, t := range txts {
		txt, err := os.ReadFile(t)
		if err != nil {
			return nil, err
		}
		ann, err := os.ReadFile(strings.TrimSuffix(t, ".txt") + ".ann")
		if err != nil {
			return nil, err
		}
		out = append(out, bratPair{name: strings.TrimSuffix(filepath.Base(t), ".txt"), txt: string(txt), ann: string(ann)})
	}
	return out, nil
}

func readFiles(pattern string, gzipped bool) ([]string, error) {
	paths, err := filepath.Glob(pattern)
	if err != nil || len(paths) == 0 {
		return nil, fmt.Errorf("no files match %s", pattern)
	}
	sort.Strings(paths)
	var out []string
	for _, p := range paths {
		data, err := readMaybeGzip(p, gzipped)
		if err != nil {
			return nil, err
		}
		out = append(out, data)
	}
	return out, nil
}

func readMaybeGzip(path string, gzipped bool) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	if !gzipped {
		data, err := os.ReadFile(path)
		return string(data), err
	}
	zr, err := gzip.NewReader(f)
	if err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	var b strings.Builder
	if _, err := bufio.NewReader(zr).WriteTo(&b); err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	return b.String(), nil
}
