// Package evaluate scores the entity and graph stages against a brat corpus:
// it reads each gold document as ingest does, annotates it in memory, and
// compares the result with the gold annotations with strict matching.
package evaluate

import (
	"context"
	"fmt"
	"runtime"
	"sort"

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
	// Coarse makes NER score in the coarse label set (MATERIAL, OPERATION,
	// VALUE, APPARATUS) even for a corpus labelled as MSPT is. NER always
	// does so for a corpus with other labels, such as PcMSP or SOFC-Exp.
	Coarse bool
	// Workers is the number of documents annotated at once. Zero means
	// runtime.GOMAXPROCS(0).
	Workers int
	// Tagger gives the entities, with the rules as its features, as in the
	// annotate stage. Nil scores the rules alone.
	Tagger ner.Tagger
}

// Result holds the scores of one evaluation.
type Result struct {
	Task      string `json:"task"`
	Gold      string `json:"gold"`
	Split     string `json:"split,omitempty"`
	Documents int    `json:"documents"`
	Labels    string `json:"labels"` // "mspt" or "coarse"
	// Entities names where the scored entities came from: "rules", the
	// Tagger's name, or "gold" for a graph built from the gold entities.
	Entities string          `json:"entities"`
	Scores   datasets.Scores `json:"scores"`
	// Dropped counts the gold spans, by gold label, that the coarse
	// mapping leaves out of the scores.
	Dropped map[string]int `json:"dropped,omitempty"`
}

// DroppedLabels returns the labels of Dropped, most spans first.
func (r Result) DroppedLabels() []string { return sortedCounts(r.Dropped) }

// goldDoc is a gold document with the pipeline's view of it.
type goldDoc struct {
	name string
	doc  ingest.Document
	// scope holds the [start, end) ranges the corpus annotates; predictions
	// outside them are not scored. Nil means the whole document.
	scope [][2]int
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
	res := Result{Task: "ner", Gold: cfg.Gold, Split: cfg.Split, Documents: len(preds), Labels: "mspt", Entities: entitySource(cfg)}
	if cfg.Coarse || !isMSPTLabelled(preds) {
		res.Labels = "coarse"
		res.Scores, res.Dropped = scoreCoarse(preds)
		return res, nil
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
	res.Scores = datasets.ScoreSpans(gold, pred)
	return res, nil
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
	task, source := "graph", entitySource(cfg)
	if cfg.GoldEntities {
		task, source = "graph (gold entities)", "gold"
	}
	return Result{Task: task, Gold: cfg.Gold, Split: cfg.Split, Documents: len(preds), Labels: "mspt", Entities: source,
		Scores: datasets.ScoreLinks(gold, pred)}, nil
}

// entitySource returns the name of the predicted entities' source.
func entitySource(cfg Config) string {
	if cfg.Tagger == nil {
		return "rules"
	}
	return cfg.Tagger.Name()
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
		if annotators[i], err = ner.NewAnnotator(rec, nil, ner.WithTagger(cfg.Tagger)); err != nil {
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
		ann := annotators[w].Annotate(ingest.ParagraphRows(d.doc, nil))
		ann.Entities = inScope(ann.Entities, d.scope)
		return predicted{name: d.name, gold: d.doc.Gold, annotation: ann}
	}, func(p predicted) error {
		if p.annotation.Err != nil {
			return fmt.Errorf("gold document %s: %w", p.name, p.annotation.Err)
		}
		out = append(out, p)
		return nil
	})
	return out, err
}

// inScope keeps the entities that lie inside one of the ranges; nil ranges
// keep them all.
func inScope(entities []schema.Entity, scope [][2]int) []schema.Entity {
	if scope == nil {
		return entities
	}
	out := entities[:0]
	for _, e := range entities {
		for _, r := range scope {
			if int(e.Start) >= r[0] && int(e.End) <= r[1] {
				out = append(out, e)
				break
			}
		}
	}
	return out
}
