package ner

import (
	"context"
	"fmt"
	"log/slog"
	"runtime"
	"sort"

	"github.com/litmine/litmine/internal/pool"
	"github.com/litmine/litmine/internal/progress"
	"github.com/litmine/litmine/internal/rundir"
	"github.com/litmine/litmine/internal/schema"
	"github.com/litmine/litmine/internal/stagerun"
	"github.com/litmine/litmine/internal/table"
)

// Stage is the name of the annotate stage in a run manifest.
const Stage = "annotate"

// Version changes whenever the tables annotate writes change for the same
// input.
const Version = "2"

// upstream is the stage whose paragraphs table annotate reads.
const upstream = "ingest"

// Tables lists the tables the annotate stage writes.
var Tables = []string{schema.TableSentences, schema.TableEntities, schema.TableMaterials}

// Config configures Run.
type Config struct {
	// Workers is the number of documents annotated at once. Zero means
	// runtime.GOMAXPROCS(0).
	Workers int
	// Vars gives values to stoichiometry variables such as x in the
	// materials table. Nil means none: amounts that depend on x are NaN.
	Vars map[string]float64
	// Tagger gives the entities, with the rules as its features. Nil means
	// the rules alone. Its Name is recorded in the stage config, so a run
	// annotated with another model (or with none) is not taken as done.
	Tagger Tagger
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
	Sentences   int64
	Tokens      int64
	Entities    map[string]int64 // by label
	Materials   int64
	AlreadyDone bool
}

// Run annotates the paragraphs of every ingest shard of run and writes the
// sentences, entities and materials tables, shard by shard. Shards that an
// interrupted run committed are skipped.
func Run(ctx context.Context, run *rundir.Run, cfg Config) (Stats, error) {
	cfg = cfg.withDefaults()
	log := cfg.Logger.With("stage", Stage)
	spec := stagerun.Spec{Name: Stage, Version: Version, Upstream: upstream, Tables: Tables}
	finished, err := stagerun.Begin(run, spec, stageConfig(cfg), cfg.Force, log)
	if err != nil {
		return Stats{}, err
	}
	if finished {
		st := statsFromManifest(run)
		st.AlreadyDone = true
		return st, nil
	}

	rec, err := NewRecognizer(nil)
	if err != nil {
		return Stats{}, fmt.Errorf("load lexicons: %w", err)
	}
	annotators := make([]*Annotator, cfg.Workers)
	for i := range annotators {
		if annotators[i], err = NewAnnotator(rec, cfg.Vars, WithTagger(cfg.Tagger)); err != nil {
			return Stats{}, err
		}
	}
	if cfg.Tagger != nil {
		log.Info("entity model loaded", "model", cfg.Tagger.Name())
	}
	err = stagerun.Shards(ctx, run, spec, cfg.Progress, log, func(ctx context.Context, k int, report func(int64)) (int64, error) {
		return annotateShard(ctx, run, k, annotators, report)
	})
	if err != nil {
		return Stats{}, err
	}
	st := statsFromManifest(run)
	log.Info("stage finished", "documents", st.Documents, "sentences", st.Sentences, "tokens", st.Tokens)
	return st, nil
}

// stageConfig returns the settings recorded in the run manifest: the
// variables, and the entity model's name when there is one. A run without
// a model records no "model" key, as runs of earlier versions did.
func stageConfig(cfg Config) map[string]any {
	config := map[string]any{"vars": cfg.Vars}
	if cfg.Tagger != nil {
		config["model"] = cfg.Tagger.Name()
	}
	return config
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
	st := Stats{Documents: c["documents"], Sentences: c["sentences"], Tokens: c["tokens"], Materials: c["materials"],
		Entities: map[string]int64{}}
	for _, l := range schema.EntityLabels() {
		if n := c["entities/"+l.String()]; n > 0 {
			st.Entities[l.String()] = n
		}
	}
	return st
}

// EntityLabelsByCount returns the labels of st.Entities, most frequent first.
func (st Stats) EntityLabelsByCount() []string {
	labels := make([]string, 0, len(st.Entities))
	for l := range st.Entities {
		labels = append(labels, l)
	}
	sort.Slice(labels, func(i, j int) bool {
		if st.Entities[labels[i]] != st.Entities[labels[j]] {
			return st.Entities[labels[i]] > st.Entities[labels[j]]
		}
		return labels[i] < labels[j]
	})
	return labels
}

// shardOutput holds the open writers of one annotate shard.
type shardOutput struct {
	sentences *table.Writer[schema.Sentence]
	entities  *table.Writer[schema.Entity]
	materials *table.Writer[schema.Material]
	rec       *rundir.Shard
}

func openShardOutput(run *rundir.Run, k int) (*shardOutput, error) {
	out := &shardOutput{rec: &rundir.Shard{Files: map[string]table.FileInfo{}}}
	path, err := run.PartPath(schema.TableSentences, k)
	if err == nil {
		out.sentences, err = table.Create[schema.Sentence](path, table.Options{RowGroupRows: 8192})
	}
	if err == nil {
		path, err = run.PartPath(schema.TableEntities, k)
	}
	if err == nil {
		out.entities, err = table.Create[schema.Entity](path, table.Options{})
	}
	if err == nil {
		path, err = run.PartPath(schema.TableMaterials, k)
	}
	if err == nil {
		out.materials, err = table.Create[schema.Material](path, table.Options{})
	}
	if err != nil {
		out.abort()
		return nil, fmt.Errorf("shard %d: %w", k, err)
	}
	return out, nil
}

func (o *shardOutput) abort() {
	if o.sentences != nil {
		o.sentences.Abort()
	}
	if o.entities != nil {
		o.entities.Abort()
	}
	if o.materials != nil {
		o.materials.Abort()
	}
}

func (o *shardOutput) write(a Annotation) error {
	if err := o.sentences.Write(a.Sentences...); err != nil {
		return err
	}
	if err := o.entities.Write(a.Entities...); err != nil {
		return err
	}
	if err := o.materials.Write(a.Materials...); err != nil {
		return err
	}
	o.rec.Add("documents", 1)
	o.rec.Add("sentences", int64(len(a.Sentences)))
	for _, s := range a.Sentences {
		o.rec.Add("tokens", int64(len(s.Tokens)))
	}
	for _, e := range a.Entities {
		o.rec.Add("entities/"+e.Label, 1)
	}
	o.rec.Add("materials", int64(len(a.Materials)))
	return nil
}

func (o *shardOutput) commit(run *rundir.Run, k int) error {
	for name, w := range map[string]interface {
		Commit() (table.FileInfo, error)
	}{schema.TableSentences: o.sentences, schema.TableEntities: o.entities, schema.TableMaterials: o.materials} {
		info, err := w.Commit()
		if err != nil {
			return fmt.Errorf("shard %d: %w", k, err)
		}
		o.rec.Files[name] = info
	}
	return run.CommitShard(Stage, k, o.rec)
}

// annotateShard annotates one ingest shard and commits its tables. It
// returns the number of documents annotated.
func annotateShard(ctx context.Context, run *rundir.Run, k int, annotators []*Annotator, report func(int64)) (int64, error) {
	in, err := run.VerifiedShardFile(upstream, k, schema.TableParagraphs)
	if err != nil {
		return 0, err
	}
	out, err := openShardOutput(run, k)
	if err != nil {
		return 0, err
	}
	defer out.abort()
	next, stop := table.Groups[schema.Paragraph](in.Path, table.ReadOptions{}, func(p *schema.Paragraph) string { return p.DocID })
	defer stop()
	docs := int64(0)
	err = pool.Ordered(ctx, len(annotators), next, func(w int, paras []schema.Paragraph) Annotation {
		return annotators[w].Annotate(paras)
	}, func(a Annotation) error {
		if a.Err != nil {
			return fmt.Errorf("document %s: %w", docID(a), a.Err)
		}
		docs++
		report(docs)
		return out.write(a)
	})
	if err != nil {
		return 0, fmt.Errorf("annotate shard %d: %w", k, err)
	}
	return docs, out.commit(run, k)
}

// docID returns the doc_id of an annotation, or "(unknown)" when it has no
// sentences to take it from.
func docID(a Annotation) string {
	if len(a.Sentences) == 0 {
		return "(unknown)"
	}
	return a.Sentences[0].DocID
}
