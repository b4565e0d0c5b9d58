package graph

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"

	"github.com/litmine/litmine/internal/pool"
	"github.com/litmine/litmine/internal/progress"
	"github.com/litmine/litmine/internal/rundir"
	"github.com/litmine/litmine/internal/schema"
	"github.com/litmine/litmine/internal/stagerun"
	"github.com/litmine/litmine/internal/table"
)

// Stage is the name of the graph stage in a run manifest.
const Stage = "graph"

// Version changes whenever the tables graph writes change for the same
// input.
const Version = "1"

// upstream is the stage whose sentences and entities tables graph reads.
const upstream = "annotate"

// Tables lists the tables the graph stage writes.
var Tables = []string{schema.TableGraphNodes, schema.TableGraphEdges}

// Config configures Run.
type Config struct {
	// Workers is the number of documents processed at once. Zero means
	// runtime.GOMAXPROCS(0).
	Workers int
	// Force redoes the stage even when the run already has it done.
	Force bool
	// Logger receives lifecycle messages. Nil discards them.
	Logger *slog.Logger
	// Progress receives progress in documents. Nil discards it.
	Progress progress.Func
}

// Stats counts what the stage wrote, over all its shards.
type Stats struct {
	Documents   int64
	Operations  int64
	Nodes       int64
	Edges       map[string]int64 // by relation type
	AlreadyDone bool
}

// docGraph is the graph of one document.
type docGraph struct {
	nodes []schema.GraphNode
	edges []schema.GraphEdge
}

// docInput is the input of the graph rules for one document.
type docInput struct {
	sentences []schema.Sentence
	entities  []schema.Entity
}

// Run builds the synthesis graph of every paragraph of run and writes the
// graph_nodes and graph_edges tables, shard by shard. Shards that an
// interrupted run committed are skipped.
func Run(ctx context.Context, run *rundir.Run, cfg Config) (Stats, error) {
	cfg = cfg.withDefaults()
	log := cfg.Logger.With("stage", Stage)
	spec := stagerun.Spec{Name: Stage, Version: Version, Upstream: upstream, Tables: Tables}
	finished, err := stagerun.Begin(run, spec, nil, cfg.Force, log)
	if err != nil {
		return Stats{}, err
	}
	if finished {
		st := statsFromManifest(run)
		st.AlreadyDone = true
		return st, nil
	}

	err = stagerun.Shards(ctx, run, spec, cfg.Progress, log, func(ctx context.Context, k int, report func(int64)) (int64, error) {
		return graphShard(ctx, run, k, cfg.Workers, report)
	})
	if err != nil {
		return Stats{}, err
	}
	st := statsFromManifest(run)
	log.Info("stage finished", "documents", st.Documents, "operations", st.Operations, "nodes", st.Nodes)
	return st, nil
}

func (c Config) withDefaults() Config {
	if c.Workers <= 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Progress == nil {
		c.Progress = progress.Discard
	}
	return c
}

func statsFromManifest(run *rundir.Run) Stats {
	c := run.Manifest().Stages[Stage].Counters
	st := Stats{Documents: c["documents"], Operations: c["operations"], Nodes: c["nodes"], Edges: map[string]int64{}}
	for _, t := range schema.RelationTypes() {
		if n := c["edges/"+t.String()]; n > 0 {
			st.Edges[t.String()] = n
		}
	}
	return st
}

// BuildDocument builds the graphs of all paragraphs of one document from its
// sentences and entities, both in document order.
func BuildDocument(sentences []schema.Sentence, entities []schema.Entity) ([]schema.GraphNode, []schema.GraphEdge) {
	var nodes []schema.GraphNode
	var edges []schema.GraphEdge
	e := 0
	for s := 0; s < len(sentences); {
		p := Paragraph{DocID: sentences[s].DocID, Index: sentences[s].Paragraph}
		for s < len(sentences) && sentences[s].Paragraph == p.Index {
			p.Sentences = append(p.Sentences, sentences[s])
			s++
		}
		for e < len(entities) && entities[e].Paragraph < p.Index {
			e++
		}
		for e < len(entities) && entities[e].Paragraph == p.Index {
			p.Entities = append(p.Entities, entities[e])
			e++
		}
		n, g := Build(p)
		nodes = append(nodes, n...)
		edges = append(edges, g...)
	}
	return nodes, edges
}

// graphShard builds the graphs of one annotate shard and commits its tables.
func graphShard(ctx context.Context, run *rundir.Run, k, workers int, report func(int64)) (int64, error) {
	sentFile, err := run.VerifiedShardFile(upstream, k, schema.TableSentences)
	if err != nil {
		return 0, err
	}
	entFile, err := run.VerifiedShardFile(upstream, k, schema.TableEntities)
	if err != nil {
		return 0, err
	}
	out, err := openOutput(run, k)
	if err != nil {
		return 0, err
	}
	defer out.abort()
	next, stop := joinDocuments(sentFile.Path, entFile.Path)
	defer stop()
	docs := int64(0)
	err = pool.Ordered(ctx, workers, next, func(_ int, in docInput) docGraph {
		nodes, edges := BuildDocument(in.sentences, in.entities)
		return docGraph{nodes, edges}
	}, func(g docGraph) error {
		docs++
		report(docs)
		return out.write(g)
	})
	if err != nil {
		return 0, fmt.Errorf("graph shard %d: %w", k, err)
	}
	return docs, out.commit(run, k)
}

// joinDocuments pairs the sentence rows and entity rows of each document of
// two files written in the same document order. A document without
// entities gets none.
func joinDocuments(sentPath, entPath string) (func() (docInput, bool, error), func()) {
	nextSent, stopSent := table.Groups[schema.Sentence](sentPath, table.ReadOptions{}, func(s *schema.Sentence) string { return s.DocID })
	nextEnt, stopEnt := table.Groups[schema.Entity](entPath, table.ReadOptions{}, func(e *schema.Entity) string { return e.DocID })
	var pending []schema.Entity
	next := func() (docInput, bool, error) {
		sents, ok, err := nextSent()
		if err != nil || !ok {
			return docInput{}, false, err
		}
		doc := sents[0].DocID
		if pending == nil {
			if pending, _, err = nextEnt(); err != nil {
				return docInput{}, false, err
			}
		}
		in := docInput{sentences: sents}
		if len(pending) > 0 && pending[0].DocID == doc {
			in.entities = pending
			pending = nil
		}
		return in, true, nil
	}
	return next, func() { stopSent(); stopEnt() }
}
