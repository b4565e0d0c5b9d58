// Package evaluate scores the entity and graph stages against a brat corpus:
// it reads each gold document as ingest does, annotates it in memory, and
// compares the result with the gold annotations with strict matching.
package evaluate

import (
	"context"
	"fmt"
	"path/filepath"
	"runtime"
	"sort"
	"strings"

	"github.com/litmine/litmine/datasets"
	"github.com/litmine/litmine/graph"
	"github.com/litmine/litmine/ingest"
	"github.com/litmine/litmine/internal/pool"
	"github.com/litmine/litmine/internal/schema"
	"github.com/litmine/litmine/ner"
)

// Config configures NER and Graph.
type Config struct {
	// Gold is a folder of brat .txt and .ann files.
	Gold string
	// Split is a file listing the document names to score, one per line.
	// Empty means every document of Gold.
	Split string
	// GoldEntities makes Graph build graphs from the gold entities instead
	// of the predicted ones, which scores the graph rules alone.
	GoldEntities bool
	// Workers is the number of documents annotated at once. Zero means
	// runtime.GOMAXPROCS(0).
	Workers int
}

// Result holds the scores of one evaluation.
type Result struct {
	Task      string          `json:"task"`
	Gold      string          `json:"gold"`
	Split     string          `json:"split,omitempty"`
	Documents int             `json:"documents"`
	Scores    datasets.Scores `json:"scores"`
}

// goldDoc is a gold document with the pipeline's view of it.
type goldDoc struct {
	name string
	doc  ingest.Document
}

// predicted is the pipeline output for one gold document.
type predicted struct {
	name       string
	gold       *datasets.BratDocument
	annotation ner.Annotation
}

// NER scores the entities of the annotate stage.
func NER(ctx context.Context, cfg Config) (Result, error) {
	preds, err := annotateGold(ctx, cfg)
	if err != nil {
		return Result{}, err
	}
	var gold, pred []datasets.SpanKey
	for _, p := range preds {
		for _, s := range p.gold.Spans {
			gold = append(gold, datasets.SpanKey{Doc: p.name, Start: s.Start, End: s.End, Label: s.Label})
		}
		for _, e := range p.annotation.Entities {
			pred = append(pred, datasets.SpanKey{Doc: p.name, Start: int(e.Start), End: int(e.End), Label: e.Label})
		}
	}
	return Result{Task: "ner", Gold: cfg.Gold, Split: cfg.Split, Documents: len(preds), Scores: datasets.ScoreSpans(gold, pred)}, nil
}

// Graph scores the edges of the graph stage: a predicted edge is correct when
// its type and both endpoint spans equal those of a gold relation or event
// argument.
func Graph(ctx context.Context, cfg Config) (Result, error) {
	preds, err := annotateGold(ctx, cfg)
	if err != nil {
		return Result{}, err
	}
	var gold, pred []datasets.LinkKey
	for _, p := range preds {
		for _, l := range p.gold.Links() {
			gold = append(gold, datasets.LinkKey{Doc: p.name, Type: l.Type, SourceStart: l.Source.Start, SourceEnd: l.Source.End,
				TargetStart: l.Target.Start, TargetEnd: l.Target.End})
		}
		entities := p.annotation.Entities
		if cfg.GoldEntities {
			entities = graph.AlignEntities(p.annotation.Sentences, goldEntities(p))
		}
		_, edges := graph.BuildDocument(p.annotation.Sentences, entities)
		for _, e := range edges {
			pred = append(pred, datasets.LinkKey{Doc: p.name, Type: e.Type, SourceStart: int(e.SourceStart), SourceEnd: int(e.SourceEnd),
				TargetStart: int(e.TargetStart), TargetEnd: int(e.TargetEnd)})
		}
	}
	task := "graph"
	if cfg.GoldEntities {
		task = "graph (gold entities)"
	}
	return Result{Task: task, Gold: cfg.Gold, Split: cfg.Split, Documents: len(preds), Scores: datasets.ScoreLinks(gold, pred)}, nil
}

// goldEntities turns the gold spans of a document into entity rows with ids
// in offset order.
func goldEntities(p predicted) []schema.Entity {
	spans := append([]datasets.BratSpan(nil), p.gold.Spans...)
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].Start < spans[j].Start })
	out := make([]schema.Entity, 0, len(spans))
	for i, s := range spans {
		out = append(out, schema.Entity{DocID: p.name, Entity: int32(i), Start: int32(s.Start), End: int32(s.End),
			Label: s.Label, Text: s.Text, Score: 1, Source: "gold"})
	}
	return out
}

// readGold reads the brat documents of cfg.Gold, keeping those the split
// lists, in split order (or file order without a split).
func readGold(cfg Config) ([]goldDoc, error) {
	var docs []goldDoc
	var problems []string
	err := ingest.Walk([]string{cfg.Gold}, ingest.ReadConfig{Format: ingest.FormatBrat}, func(d ingest.Document) error {
		name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(d.SourcePath), ".gz"), ".txt")
		docs = append(docs, goldDoc{name: name, doc: d})
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

// annotateGold annotates every gold document of the split.
func annotateGold(ctx context.Context, cfg Config) ([]predicted, error) {
	docs, err := readGold(cfg)
	if err != nil {
		return nil, err
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("no brat documents (.txt with .ann) in %s", cfg.Gold)
	}
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}

	rec, err := ner.NewRecognizer(nil)
	if err != nil {
		return nil, err
	}
	annotators := make([]*ner.Annotator, workers)
	for i := range annotators {
		if annotators[i], err = ner.NewAnnotator(rec, nil); err != nil {
			return nil, err
		}
	}

	i := 0
	next := func() (goldDoc, bool, error) {
		if i == len(docs) {
			return goldDoc{}, false, nil
		}
		i++
		return docs[i-1], true, nil
	}
	var out []predicted
	err = pool.Ordered(ctx, workers, next, func(w int, d goldDoc) predicted {
		return predicted{name: d.name, gold: d.doc.Gold, annotation: annotators[w].Annotate(ingest.ParagraphRows(d.doc, nil))}
	}, func(p predicted) error {
		out = append(out, p)
		return nil
	})
	return out, err
}
