package ingest

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/litmine/litmine/internal/pool"
	"github.com/litmine/litmine/internal/progress"
	"github.com/litmine/litmine/internal/rundir"
	"github.com/litmine/litmine/internal/schema"
)

// Stage is the name of the ingest stage in a run manifest.
const Stage = "ingest"

// Version changes whenever the tables ingest writes change for the same
// input, so that a run made by an older litmine is not silently reused.
const Version = "1"

// Tables lists the tables the ingest stage writes.
var Tables = []string{schema.TableDocuments, schema.TableParagraphs, schema.TableGoldEntities, schema.TableGoldRelations}

// DefaultShardDocuments is the number of documents per shard when
// Config.ShardDocuments is zero.
const DefaultShardDocuments = 500

// Config configures Run.
type Config struct {
	// Inputs are files and directories to read, and StdinPath for standard
	// input; see Walk.
	Inputs []string
	// Read sets the format and the limits of the readers.
	Read ReadConfig
	// ShardDocuments is the number of documents in each shard of output.
	// Zero means DefaultShardDocuments.
	ShardDocuments int
	// Workers is the number of goroutines that hash inputs and write shards.
	// Zero means runtime.GOMAXPROCS(0).
	Workers int
	// FailOnError makes the first rejected record stop the stage with an
	// error, instead of reporting it and going on.
	FailOnError bool
	// Force redoes the stage even when the run already has it done.
	Force bool
	// Logger receives lifecycle and per-document messages. Nil discards them.
	Logger *slog.Logger
	// Progress receives progress in bytes of input read. Nil discards it.
	Progress progress.Func
}

// recordedConfig is the part of Config that decides the output, as stored in
// the manifest.
type recordedConfig struct {
	Inputs         string `json:"inputs"` // SHA-256 of the input list, see rundir.Inputs
	Format         Format `json:"format"`
	MaxFileBytes   int64  `json:"max_file_bytes"`
	MaxRecordBytes int64  `json:"max_record_bytes"`
	MaxLineBytes   int64  `json:"max_line_bytes"`
	MaxEntries     int    `json:"max_archive_entries"`
	ShardDocuments int    `json:"shard_documents"`
}

// ErrNoDocuments is returned by Run when the inputs held no readable document.
var ErrNoDocuments = errors.New("no documents read")

// Stats counts what a Run did; on a resumed or skipped stage it counts the
// whole stage, including shards written before.
type Stats struct {
	Documents     int64
	Paragraphs    int64
	Duplicates    int64
	Rejected      int64
	GoldEntities  int64
	GoldRelations int64
	AlreadyDone   bool     // the stage was done with the same inputs and config: nothing was written
	Problems      []string // the first rejected records
}

func (c Config) withDefaults() Config {
	if c.ShardDocuments <= 0 {
		c.ShardDocuments = DefaultShardDocuments
	}
	if c.Workers <= 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Progress == nil {
		c.Progress = progress.Discard
	}
	c.Read = c.Read.withDefaults()
	return c
}

// Run reads the inputs and writes the documents, paragraphs and gold tables
// of run, in shards of Config.ShardDocuments documents. A shard already
// committed by an interrupted run with the same inputs and config is not
// written again. Rejected records are logged, counted and kept in the
// manifest; the rest of the batch is kept.
//
// Standard input (StdinPath) is copied to a file in Config.Read.TempDir
// before the stage starts, hashed and read from there, and the copy is
// removed when Run returns. The run's input list records it as "-" with the
// hash of its bytes. So a killed run that read standard input resumes only
// when the same bytes come in again, and other bytes make the stage ask for
// --force.
func Run(ctx context.Context, run *rundir.Run, cfg Config) (Stats, error) {
	cfg = cfg.withDefaults()
	log := cfg.Logger.With("stage", Stage)
	if slices.Contains(cfg.Inputs, StdinPath) {
		copied, err := copyStdin(cfg.Read)
		if err != nil {
			return Stats{}, err
		}
		defer os.Remove(copied)
		cfg.Read.stdinCopy = copied
	}

	var listProblems []string
	inputs, err := Inputs(cfg.Inputs, cfg.Read, func(p Problem) { listProblems = append(listProblems, p.String()) })
	if err != nil {
		return Stats{}, err
	}
	if len(inputs) == 0 {
		return Stats{}, fmt.Errorf("%w: no readable file under %s; folder walks read text, brat, WebAnno, JATS, HTML, Markdown, PDF and JSON-lines files, .gz files and archives",
			ErrNoDocuments, strings.Join(cfg.Inputs, ", "))
	}
	if err := checkPDFTool(inputs); err != nil {
		return Stats{}, err
	}
	hashed, err := hashInputs(ctx, inputs, cfg.Workers, cfg.Read.stdinCopy)
	if err != nil {
		return Stats{}, err
	}
	recorded, err := run.SetInputs(hashed)
	if err != nil {
		return Stats{}, err
	}
	rc := recordedConfig{Inputs: recorded.SHA256, Format: cfg.Read.Format, MaxFileBytes: cfg.Read.MaxFileBytes,
		MaxRecordBytes: cfg.Read.MaxRecordBytes, MaxLineBytes: cfg.Read.MaxLineBytes, MaxEntries: cfg.Read.MaxArchiveEntries,
		ShardDocuments: cfg.ShardDocuments}
	state, err := run.Begin(Stage, Version, rc, "", Tables, cfg.Force)
	if err != nil {
		return Stats{}, err
	}
	if state == rundir.StageFinished {
		log.Info("stage already done; use --force to redo it", "run", run.Dir)
		stats := statsFromManifest(run)
		stats.AlreadyDone = true
		return stats, nil
	}
	log.Info("stage started", "inputs", len(inputs), "resumed", state == rundir.StageResumed)

	sh := newSharder(ctx, run, cfg, log)
	for _, p := range listProblems {
		if err := sh.problem(p); err != nil {
			return Stats{}, err
		}
	}
	if err := sh.readAll(inputs, hashed); err != nil {
		sh.abort()
		return Stats{}, err
	}
	if err := sh.finish(); err != nil {
		return Stats{}, err
	}
	// A stage without documents is not done: the next stages would have
	// nothing to read, and a rerun after fixing the inputs must redo it.
	if run.ShardTotal(Stage, "documents") == 0 {
		return Stats{}, fmt.Errorf("%w from %d inputs (%d records rejected; the first: %s)", ErrNoDocuments, len(inputs),
			run.ShardTotal(Stage, "rejected"), firstProblem(run))
	}
	if err := run.Finish(Stage); err != nil {
		return Stats{}, err
	}
	stats := statsFromManifest(run)
	log.Info("stage finished", "documents", stats.Documents, "paragraphs", stats.Paragraphs, "rejected", stats.Rejected, "duplicates", stats.Duplicates)
	return stats, nil
}

// firstProblem returns the first rejected record the stage's shards hold,
// or "none".
func firstProblem(run *rundir.Run) string {
	st := run.Manifest().Stages[Stage]
	for _, k := range run.Shards(Stage) {
		if p := st.Shards[k].Problems; len(p) > 0 {
			return p[0]
		}
	}
	return "none"
}

// checkPDFTool returns an error when inputs named as PDF files need
// pdftotext and it is not installed: each of them would otherwise be
// rejected, and the stage recorded as done without them.
func checkPDFTool(inputs []Input) error {
	var pdfs []string
	for _, in := range inputs {
		if strings.HasSuffix(strings.ToLower(strings.TrimSuffix(in.Path, ".gz")), ".pdf") {
			pdfs = append(pdfs, in.Path)
		}
	}
	if len(pdfs) == 0 {
		return nil
	}
	if _, err := exec.LookPath(pdfToTextProgram); err != nil {
		return fmt.Errorf("%w: %d inputs are PDF files (first: %s), which need %s; install the Debian package poppler-utils, or leave them out",
			ErrUnsupported, len(pdfs), pdfs[0], pdfToTextProgram)
	}
	return nil
}

func statsFromManifest(run *rundir.Run) Stats {
	st := run.Manifest().Stages[Stage]
	c := st.Counters
	return Stats{
		Documents: c["documents"], Paragraphs: c["paragraphs"], Duplicates: c["duplicates"], Rejected: c["rejected"],
		GoldEntities: c["gold_entities"], GoldRelations: c["gold_relations"], Problems: st.Problems,
	}
}

// hashInputs returns each input file with its size and SHA-256, hashing on
// several goroutines. StdinPath is hashed from stdinCopy.
func hashInputs(ctx context.Context, inputs []Input, workers int, stdinCopy string) ([]rundir.Input, error) {
	var paths []string
	for _, in := range inputs {
		paths = append(paths, in.Path)
		if in.AnnPath != "" {
			paths = append(paths, in.AnnPath)
		}
	}
	out := make([]rundir.Input, 0, len(paths))
	i := 0
	next := func() (string, bool, error) {
		if i == len(paths) {
			return "", false, nil
		}
		i++
		return paths[i-1], true, nil
	}
	type hashed struct {
		in  rundir.Input
		err error
	}
	err := pool.Ordered(ctx, workers, next, func(_ int, path string) hashed {
		file := path
		if path == StdinPath {
			file = stdinCopy
		}
		sum, n, err := rundir.HashFile(file)
		return hashed{rundir.Input{Path: path, Bytes: n, SHA256: sum}, err}
	}, func(h hashed) error {
		if h.err != nil {
			return fmt.Errorf("hash input %s: %w", h.in.Path, h.err)
		}
		out = append(out, h.in)
		return nil
	})
	return out, err
}

// textKey is the SHA-256 of a document text, for finding duplicates.
type textKey [sha256.Size]byte

// sharder cuts the stream of documents into shards and writes each shard on
// a pool of goroutines.
type sharder struct {
	ctx      context.Context
	run      *rundir.Run
	cfg      Config
	log      *slog.Logger
	index    int
	current  *shardBatch
	ids      map[string]bool
	texts    map[textKey]bool
	jobs     chan *shardBatch
	wg       sync.WaitGroup
	mu       sync.Mutex
	writeErr error
	fatal    error // the first rejected record under FailOnError; no later one is reported
	read     int64
	total    int64
}

// shardBatch is the content of one shard before it is written.
type shardBatch struct {
	index    int
	docs     []Document
	problems []string
	dups     int64
}

func newSharder(ctx context.Context, run *rundir.Run, cfg Config, log *slog.Logger) *sharder {
	s := &sharder{ctx: ctx, run: run, cfg: cfg, log: log, ids: map[string]bool{}, texts: map[textKey]bool{},
		jobs: make(chan *shardBatch)}
	s.current = &shardBatch{index: 0}
	for w := 0; w < cfg.Workers; w++ {
		s.wg.Add(1)
		go s.writer()
	}
	return s
}

func (s *sharder) writer() {
	defer s.wg.Done()
	for b := range s.jobs {
		if s.failed() {
			continue
		}
		if err := writeShard(s.ctx, s.run, b); err != nil {
			s.mu.Lock()
			if s.writeErr == nil {
				s.writeErr = err
			}
			s.mu.Unlock()
		}
	}
}

func (s *sharder) failed() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.writeErr != nil
}

func (s *sharder) readAll(inputs []Input, hashed []rundir.Input) error {
	for _, h := range hashed {
		s.total += h.Bytes
	}
	bytesOf := map[string]int64{}
	for _, h := range hashed {
		bytesOf[h.Path] = h.Bytes
	}
	for _, in := range inputs {
		if err := s.ctx.Err(); err != nil {
			return err
		}
		err := ReadInput(in, s.cfg.Read, s.document, func(p Problem) {
			if s.fatal == nil {
				s.fatal = s.problem(p.String())
			}
		})
		if s.fatal != nil {
			return s.fatal
		}
		if err != nil {
			return err
		}
		s.read += bytesOf[in.Path] + bytesOf[in.AnnPath]
		s.cfg.Progress(progress.Event{Stage: Stage, Unit: "bytes", Done: s.read, Total: s.total})
	}
	return nil
}

func (s *sharder) problem(line string) error {
	s.log.Warn("record rejected", "problem", line)
	if s.cfg.FailOnError {
		return fmt.Errorf("%s (stopping because --fail-on-error is set)", line)
	}
	s.current.problems = append(s.current.problems, line)
	return nil
}

// document adds a document to the current shard unless it repeats the id or
// the text of an earlier one, and hands full shards to the writers. After a
// fatal problem it returns that problem, which stops the reader.
func (s *sharder) document(doc Document) error {
	if s.fatal != nil {
		return s.fatal
	}
	if doc.ID == "" {
		doc.ID = DocumentID(doc)
	}
	key := textKey(sha256.Sum256([]byte(doc.Text)))
	if s.ids[doc.ID] || s.texts[key] {
		s.current.dups++
		s.log.Debug("duplicate document skipped", "doc_id", doc.ID, "file", doc.SourcePath)
		return nil
	}
	s.ids[doc.ID] = true
	s.texts[key] = true
	s.current.docs = append(s.current.docs, doc)
	if len(s.current.docs) >= s.cfg.ShardDocuments {
		return s.dispatch()
	}
	return nil
}

func (s *sharder) dispatch() error {
	b := s.current
	s.index++
	s.current = &shardBatch{index: s.index}
	if s.run.ShardDone(Stage, b.index) {
		s.log.Debug("shard already written", "shard", b.index)
		return nil
	}
	select {
	case s.jobs <- b:
	case <-s.ctx.Done():
		return s.ctx.Err()
	}
	if s.failed() {
		return s.writeErr
	}
	return nil
}

func (s *sharder) finish() error {
	var err error
	if len(s.current.docs) > 0 || len(s.current.problems) > 0 || s.current.dups > 0 || s.index == 0 {
		err = s.dispatch()
	}
	close(s.jobs)
	s.wg.Wait()
	if err != nil {
		return err
	}
	s.cfg.Progress(progress.Event{Stage: Stage, Unit: "bytes", Done: s.read, Total: s.total, Final: true})
	return s.writeErr
}

func (s *sharder) abort() {
	close(s.jobs)
	s.wg.Wait()
}

func sha256Hex(s string) string {
	sum := sha256.Sum256([]byte(s))
	return hex.EncodeToString(sum[:])
}
