package evaluate

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/litmine/litmine/datasets"
	"github.com/litmine/litmine/ingest"
)

// readGold reads the annotated documents of cfg.Gold: brat pairs and
// WebAnno TSV files found under it, or an SOFC-Exp folder (one with
// annotations/frames). Documents without annotations are left out. With
// cfg.Split, only the documents it lists are kept, in its order; for
// SOFC-Exp, Split may also be "train" or "dev", the article's set in the
// corpus metadata.
func readGold(cfg Config) ([]goldDoc, error) {
	if isSOFCExp(cfg.Gold) {
		return readSOFCGold(cfg)
	}
	var docs []goldDoc
	var problems []string
	err := ingest.Walk([]string{cfg.Gold}, ingest.ReadConfig{}, func(d ingest.Document) error {
		if d.Gold != nil {
			docs = append(docs, goldDoc{name: documentName(d.SourcePath), doc: d})
		}
		return nil
	}, func(p ingest.Problem) { problems = append(problems, p.String()) })
	if err != nil {
		return nil, err
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("gold corpus %s has %d invalid records; first: %s", cfg.Gold, len(problems), problems[0])
	}
	if cfg.Split == "" {
		return docs, nil
	}
	return selectSplit(cfg, docs)
}

// ReadDocuments returns the gold documents of a brat corpus as litmine
// reads them (see Config.Gold and Config.Split), with their annotations in
// Document.Gold, in the split's order. Trainers use it so that their
// examples are tokenized as the scored documents are. The documents of an
// SOFC-Exp folder come back whole, without the ranges that its annotators
// covered, so use it for corpora annotated throughout, such as MSPT.
func ReadDocuments(gold, split string) ([]ingest.Document, error) {
	docs, err := readGold(Config{Gold: gold, Split: split})
	if err != nil {
		return nil, err
	}
	out := make([]ingest.Document, len(docs))
	for i, d := range docs {
		out[i] = d.doc
	}
	return out, nil
}

// documentName returns the file name of a gold document without its
// extensions, as split files list it.
func documentName(path string) string {
	name := strings.TrimSuffix(filepath.Base(path), ".gz")
	return strings.TrimSuffix(name, filepath.Ext(name))
}

// selectSplit keeps the documents that the split file lists, in its order.
func selectSplit(cfg Config, docs []goldDoc) ([]goldDoc, error) {
	names, err := datasets.ReadSplit(cfg.Split)
	if err != nil {
		return nil, err
	}
	byName := make(map[string]goldDoc, len(docs))
	for _, d := range docs {
		byName[d.name] = d
	}
	out := make([]goldDoc, 0, len(names))
	for _, n := range names {
		d, ok := byName[n]
		if !ok {
			return nil, fmt.Errorf("split %s lists %q, which is not in %s", cfg.Split, n, cfg.Gold)
		}
		out = append(out, d)
	}
	return out, nil
}

func isSOFCExp(dir string) bool {
	st, err := os.Stat(filepath.Join(dir, "annotations", "frames"))
	return err == nil && st.IsDir()
}

// readSOFCGold reads SOFC-Exp articles: the text through the plain-text
// reader, as ingest reads it, and the spans from the corpus annotations.
func readSOFCGold(cfg Config) ([]goldDoc, error) {
	set := ""
	if cfg.Split == "train" || cfg.Split == "dev" {
		set = cfg.Split
	}
	articles, err := datasets.ReadSOFCExp(cfg.Gold, set)
	if err != nil {
		return nil, err
	}
	var docs []goldDoc
	for _, a := range articles {
		path := filepath.Join(cfg.Gold, "texts", a.Name+".txt")
		var doc ingest.Document
		err := ingest.Walk([]string{path}, ingest.ReadConfig{Format: ingest.FormatText}, func(d ingest.Document) error {
			doc = d
			return nil
		}, nil)
		if err != nil {
			return nil, err
		}
		if doc.Text != a.Text {
			return nil, fmt.Errorf("read %s: the text reader changed the text, so the annotation offsets do not fit it", path)
		}
		doc.Gold = a.BratDocument
		docs = append(docs, goldDoc{name: a.Name, doc: doc, scope: a.Annotated})
	}
	if cfg.Split != "" && set == "" {
		return selectSplit(cfg, docs)
	}
	return docs, nil
}
