package tagger

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	mlctx "github.com/gomlx/gomlx/pkg/ml/context"

	"github.com/litmine/litmine/embed"
	"github.com/litmine/litmine/internal/evaluate"
	"github.com/litmine/litmine/internal/modelfile"
	"github.com/litmine/litmine/internal/train"
)

// ErrTrainConfig is wrapped by the errors of Train about a TrainConfig
// field that is missing or out of range.
var ErrTrainConfig = errors.New("invalid tagger training config")

// TrainConfig configures Train. Gold, Split, Dev and Out are required; the
// zero value of every other field picks the default it names.
type TrainConfig struct {
	// Gold is a folder of brat .txt and .ann files with MSPT labels.
	Gold string
	// Split lists the names of the training documents of Gold, one per
	// line; Dev lists the dev documents, used only for early stopping and
	// to choose the weights kept.
	Split, Dev string
	// Embeddings is a word-embedding model file (embed.Model.Save) whose
	// vectors start the word table. Empty means random vectors of WordDim.
	Embeddings string
	// Out is the path of the model file written.
	Out string
	// LitmineVersion is recorded in the model file. Empty means "unknown".
	LitmineVersion string

	// Epochs is the most passes over the training sentences. Zero means 40.
	Epochs int
	// Patience stops training after this many dev evaluations (one per
	// epoch) without a better score. Zero means 8; negative means never.
	Patience int
	// BatchSize is the number of sentence pieces per step. Zero means 32.
	BatchSize int
	// LearningRate is Adam's peak learning rate. Zero means 0.002.
	LearningRate float64
	// Decay lowers the learning rate to 0 at the last planned step (see
	// train.Decay). The zero value keeps it constant.
	Decay train.Decay
	// Seed seeds every random choice. Zero is a seed like any other.
	Seed uint64

	// WordDim is the length of word vectors without Embeddings; with them,
	// the embeddings' dimension is used. Zero means 100.
	WordDim int
	// ExtraWords is the number of the embeddings' most frequent words added
	// to the training words in the vocabulary. Zero means 5,000; negative
	// means none.
	ExtraWords int
	// FreezeWords keeps the word table at its starting values instead of
	// training it.
	FreezeWords bool
	// CharDim and CharBuckets size the table of hashed character n-grams.
	// Zero means 32 and 4,096.
	CharDim, CharBuckets int
	// MaxNGrams is the most character n-grams kept per token. Zero means 24.
	MaxNGrams int
	// CategoryDim is the length of the vectors of word shapes, rule tags,
	// rule sources and POS tags. Zero means 16.
	CategoryDim int
	// Hidden is the LSTM state size per direction. Zero means 100.
	Hidden int
	// Dropout is the rate applied to the token features and the BiLSTM
	// output. Zero means 0.25; negative means none.
	Dropout float64
	// WordDropout is the rate at which training words are replaced by the
	// unknown word, so that the model learns to tag unseen words. Zero
	// means 0.05; negative means none.
	WordDropout float64

	// Members is the number of networks trained, with seeds Seed, Seed+1,
	// …, each with its own early stopping; the model file holds them as an
	// ensemble that averages their scores. Zero means 1.
	Members int

	// Backend is the gomlx backend spec (see train.NewBackend). Empty means
	// $GOMLX_BACKEND, then the pure-Go backend.
	Backend string
	// CheckpointDir holds checkpoints; empty means none. With Resume, a run
	// continues from the newest one there.
	CheckpointDir string
	Resume        bool
	// CurvesParquet and CurvesSVG are the paths of the training curves.
	// Empty means none.
	CurvesParquet, CurvesSVG string

	// Logger receives lifecycle messages. Nil discards them.
	Logger *slog.Logger
	// Progress receives the training loop's events. Nil discards them.
	Progress func(train.Event)
}

func (c TrainConfig) withDefaults() (TrainConfig, error) {
	for name, v := range map[string]string{"gold folder": c.Gold, "training split": c.Split, "dev split": c.Dev, "output path": c.Out} {
		if v == "" {
			return c, fmt.Errorf("%w: the %s is missing", ErrTrainConfig, name)
		}
	}
	if c.Members < 0 || c.Members > maxMembers {
		return c, fmt.Errorf("%w: %d members, want 1 to %d", ErrTrainConfig, c.Members, maxMembers)
	}
	c.Members = max(c.Members, 1)
	for name, v := range map[string]int{"epochs": c.Epochs, "batch size": c.BatchSize, "word dim": c.WordDim,
		"char dim": c.CharDim, "char buckets": c.CharBuckets, "max n-grams": c.MaxNGrams, "category dim": c.CategoryDim, "hidden": c.Hidden} {
		if v < 0 {
			return c, fmt.Errorf("%w: %s is %d, want 0 (default) or more", ErrTrainConfig, name, v)
		}
	}
	if c.LearningRate < 0 || c.Dropout >= 1 || c.WordDropout >= 1 {
		return c, fmt.Errorf("%w: learning rate %g, dropout %g, word dropout %g; want a rate >= 0 and dropouts below 1",
			ErrTrainConfig, c.LearningRate, c.Dropout, c.WordDropout)
	}
	c.Epochs = orDefault(c.Epochs, 40)
	c.Patience = orDefault(c.Patience, 8)
	c.BatchSize = orDefault(c.BatchSize, 32)
	c.LearningRate = orDefault(c.LearningRate, 0.002)
	c.WordDim = orDefault(c.WordDim, 100)
	c.ExtraWords = orDefault(c.ExtraWords, 5000)
	c.CharDim = orDefault(c.CharDim, 32)
	c.CharBuckets = orDefault(c.CharBuckets, 4096)
	c.MaxNGrams = orDefault(c.MaxNGrams, 24)
	c.CategoryDim = orDefault(c.CategoryDim, 16)
	c.Hidden = orDefault(c.Hidden, 100)
	c.Dropout = orDefault(c.Dropout, 0.25)
	c.WordDropout = orDefault(c.WordDropout, 0.05)
	c.LitmineVersion = orDefault(c.LitmineVersion, "unknown")
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	return c, nil
}

// DefaultTrainConfig returns the defaults that Train gives the zero
// fields of a TrainConfig, with the required fields left empty.
func DefaultTrainConfig() TrainConfig {
	c, err := TrainConfig{Gold: "-", Split: "-", Dev: "-", Out: "-"}.withDefaults()
	if err != nil {
		panic(err) // the zero config is valid
	}
	c.Gold, c.Split, c.Dev, c.Out, c.Logger = "", "", "", "", nil
	return c
}

func orDefault[T comparable](v, fallback T) T {
	var zero T
	if v == zero {
		return fallback
	}
	return v
}

// TrainResult reports a finished training run.
type TrainResult struct {
	// Alignment counts how the gold spans of the training split fit the
	// tokens.
	Alignment AlignmentStats
	// Words is the vocabulary size, padding and unknown rows included, and
	// Pretrained the number of its rows started from Embeddings.
	Words, Pretrained int
	// Parameters is the number of weights of all the members' networks.
	Parameters int
	// Run is the training loop's report, of the last member when there
	// are several; Members has one report per member.
	Run     train.Result
	Members []train.Result
	// MemberDev is the dev micro F1 of each member alone.
	MemberDev []float64
	// Dev holds the dev scores of the saved model, per label: of the
	// ensemble when there are several members.
	Dev evaluate.Result
	// Model is the saved model, loaded back from Out.
	Model *Model
	// Bytes is the size of the model file.
	Bytes int64
}

// Train trains a tagger on the training split of cfg.Gold, keeps the
// weights with the best strict micro F1 on the dev split, and writes them
// to cfg.Out as one model file. Training is seeded: the same config, data,
// embeddings and backend give the same model file.
func Train(ctx context.Context, cfg TrainConfig) (TrainResult, error) {
	var res TrainResult
	cfg, err := cfg.withDefaults()
	if err != nil {
		return res, err
	}
	log := cfg.Logger.With("stage", "train ner")

	// Read the training sentences and the embeddings.
	sentences, stats, err := readGoldSentences(cfg.Gold, cfg.Split, newTagSet())
	if err != nil {
		return res, fmt.Errorf("read training documents: %w", err)
	}
	res.Alignment = stats
	log.Info("training sentences read", "documents", stats.Documents, "sentences", stats.Sentences, "tokens", stats.Tokens,
		"spans", stats.Spans, "exact", stats.Exact, "inexact", stats.Inexact, "dropped",
		stats.Outside+stats.CrossSentence+stats.UnknownLabel+stats.Overlapping)
	var emb *embed.Model
	if cfg.Embeddings != "" {
		if emb, err = embed.Load(cfg.Embeddings); err != nil {
			return res, fmt.Errorf("read embeddings: %w", err)
		}
		cfg.WordDim = emb.Dim()
	}

	// Build the vocabularies and the examples, which the members share.
	extra := max(cfg.ExtraWords, 0)
	feat, surfaces := buildFeaturizer(sentences, emb, extra, cfg.CharBuckets, cfg.MaxNGrams)
	examples := trainingExamples(sentences, feat)
	dataPrint, err := dataFingerprint(examples, cfg.Embeddings)
	if err != nil {
		return res, err
	}
	backend, description, err := train.NewBackend(cfg.Backend)
	if err != nil {
		return res, err
	}

	// Train each member and keep its weights as a model file.
	files := make([]*modelfile.File, cfg.Members)
	for k := range cfg.Members {
		net := &network{Words: feat.words.len(), WordDim: cfg.WordDim, CharBuckets: cfg.CharBuckets, CharDim: cfg.CharDim,
			Categories: feat.categories.len(), CategoryDim: cfg.CategoryDim, Hidden: cfg.Hidden, Tags: feat.tags.size(),
			Dropout: max(cfg.Dropout, 0)}
		seed := cfg.Seed + uint64(k)
		net.initialWords, res.Pretrained = initialWordTable(surfaces, emb, cfg.WordDim, seed)
		res.Words = net.Words
		if k == 0 {
			log.Info("vocabulary built", "words", net.Words, "pretrained", res.Pretrained, "categories", net.Categories,
				"examples", len(examples))
		}
		if cfg.Members > 1 {
			log.Info("training ensemble member", "member", k, "of", cfg.Members, "seed", seed)
		}
		t := newTrainer(net, feat, examples, cfg.BatchSize, max(cfg.WordDropout, 0), cfg.Gold, cfg.Dev)
		vars := mlctx.New()
		if cfg.FreezeWords {
			net.wordTable(vars.Checked(false)).SetTrainable(false)
		}
		run, err := train.Run(ctx, vars, t, train.Config{
			Name: memberName(k, cfg.Members), Backend: backend, BackendDescription: description, Seed: seed,
			Epochs: cfg.Epochs, LearningRate: cfg.LearningRate, Decay: cfg.Decay, ClipNorm: 5, Patience: max(cfg.Patience, 0),
			CheckpointDir: memberDir(cfg.CheckpointDir, k, cfg.Members), Resume: cfg.Resume,
			CurvesParquet: memberFile(cfg.CurvesParquet, k, cfg.Members), CurvesSVG: memberFile(cfg.CurvesSVG, k, cfg.Members),
			Settings: trainSettings(cfg, net, dataPrint), Progress: cfg.Progress, Logger: cfg.Logger,
		})
		res.Run = run
		if err != nil {
			return res, err
		}
		res.Members = append(res.Members, run)
		dev, err := t.evaluateDev(vars)
		if err != nil {
			return res, err
		}
		res.MemberDev = append(res.MemberDev, dev.Scores.Micro.F1())
		memberCfg := cfg
		memberCfg.Seed = seed
		if files[k], err = modelFile(memberCfg, vars, net, feat, stats, run.Backend); err != nil {
			return res, err
		}
		res.Parameters += parameterCount(vars)
	}

	// Score the saved weights, write the model file and load it back.
	f := files[0]
	if cfg.Members > 1 {
		if f, err = combineMembers(files); err != nil {
			return res, err
		}
	}
	if res.Dev, err = scoreFile(f, cfg.Gold, cfg.Dev); err != nil {
		return res, err
	}
	f.Scores = devScores(res.Dev)
	if err := os.MkdirAll(filepath.Dir(cfg.Out), 0o755); err != nil {
		return res, fmt.Errorf("write model %s: %w", cfg.Out, err)
	}
	if err := modelfile.Write(cfg.Out, f); err != nil {
		return res, err
	}
	if res.Model, err = Load(cfg.Out); err != nil {
		return res, err
	}
	if info, err := os.Stat(cfg.Out); err == nil {
		res.Bytes = info.Size()
	}
	log.Info("model written", "file", cfg.Out, "bytes", res.Bytes, "model", res.Model.Name(),
		"members", cfg.Members, "dev_micro_f1", res.Dev.Scores.Micro.F1())
	return res, nil
}

// trainSettings returns the settings that decide a network's weights
// besides those of the training loop, for its checkpoints: a resumed run
// must use the same.
func trainSettings(cfg TrainConfig, net *network, data string) map[string]string {
	return map[string]string{
		"words": strconv.Itoa(net.Words), "word_dim": strconv.Itoa(net.WordDim),
		"char_buckets": strconv.Itoa(net.CharBuckets), "char_dim": strconv.Itoa(net.CharDim),
		"categories": strconv.Itoa(net.Categories), "category_dim": strconv.Itoa(net.CategoryDim),
		"hidden": strconv.Itoa(net.Hidden), "dropout": strconv.FormatFloat(net.Dropout, 'g', -1, 64),
		"word_dropout": strconv.FormatFloat(max(cfg.WordDropout, 0), 'g', -1, 64),
		"batch_size":   strconv.Itoa(cfg.BatchSize), "max_ngrams": strconv.Itoa(cfg.MaxNGrams),
		"freeze_words": strconv.FormatBool(cfg.FreezeWords), "training_data": data,
	}
}

// dataFingerprint returns the first 16 hex digits of a SHA-256 over the
// training examples (features and gold tags) and the embeddings file, so
// that a resumed run notices another split, corpus or embedding model.
func dataFingerprint(examples []*example, embeddings string) (string, error) {
	h := sha256.New()
	for _, ex := range examples {
		for _, ids := range [][]int32{ex.features.words, ex.features.chars, ex.features.categories, ex.tags} {
			binary.Write(h, binary.LittleEndian, int64(len(ids)))
			binary.Write(h, binary.LittleEndian, ids)
		}
	}
	if embeddings != "" {
		f, err := os.Open(embeddings)
		if err != nil {
			return "", fmt.Errorf("read embeddings: %w", err)
		}
		defer f.Close()
		if _, err := io.Copy(h, f); err != nil {
			return "", fmt.Errorf("read embeddings %s: %w", embeddings, err)
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16], nil
}

// memberName, memberDir and memberFile name the training run, checkpoint
// folder and curve files of ensemble member k; a single network keeps the
// plain names.
func memberName(k, members int) string {
	if members == 1 {
		return "ner"
	}
	return fmt.Sprintf("ner member %d", k)
}

func memberDir(dir string, k, members int) string {
	if dir == "" || members == 1 {
		return dir
	}
	return filepath.Join(dir, fmt.Sprintf("member-%d", k))
}

func memberFile(path string, k, members int) string {
	if path == "" || members == 1 {
		return path
	}
	ext := filepath.Ext(path)
	return fmt.Sprintf("%s-member-%d%s", strings.TrimSuffix(path, ext), k, ext)
}

// scoreFile scores the model of f, as it would load from disk, on the dev
// split of the brat folder gold.
func scoreFile(f *modelfile.File, gold, dev string) (evaluate.Result, error) {
	var buf bytes.Buffer
	if err := modelfile.Encode(&buf, f); err != nil {
		return evaluate.Result{}, err
	}
	m, err := Decode(buf.Bytes())
	if err != nil {
		return evaluate.Result{}, err
	}
	res, err := evaluate.NER(context.Background(), evaluate.Config{Gold: gold, Split: dev, Workers: 1, Tagger: m})
	if err != nil {
		return res, fmt.Errorf("score the dev split: %w", err)
	}
	return res, nil
}

// trainingExamples cuts the gold sentences into pieces of at most
// MaxTokens tokens with their features and gold tags.
func trainingExamples(sentences []goldSentence, feat *featurizer) []*example {
	var out []*example
	for _, s := range sentences {
		for _, r := range pieces(len(s.tokens.Tokens)) {
			out = append(out, &example{features: feat.features(s.tokens, s.rules, r[0], r[1]), tags: s.tags[r[0]:r[1]]})
		}
	}
	return out
}

func parameterCount(vars *mlctx.Context) int {
	n := 0
	for v := range vars.IterVariables() {
		if train.IsModelVariable(v) {
			n += v.Shape().Size()
		}
	}
	return n
}

// modelFile returns a model file of the weights of vars, the
// vocabularies and the config, with the two embedding tables stored as
// float16. Its scores are left empty.
func modelFile(cfg TrainConfig, vars *mlctx.Context, net *network, feat *featurizer, stats AlignmentStats,
	backend string) (*modelfile.File, error) {
	config, err := json.Marshal(fileConfig{
		Network: *net, MaxNGrams: feat.maxNGrams, NGrams: [2]int{minNGram, maxNGram}, MaxTokens: MaxTokens,
		Alignment: stats, Training: trainingRecord(cfg),
	})
	if err != nil {
		return nil, fmt.Errorf("write model %s: %w", cfg.Out, err)
	}
	f := &modelfile.File{Name: FileName, LitmineVersion: cfg.LitmineVersion, Backend: backend, Config: config}
	if err := f.AddVariables(vars, train.IsModelVariable); err != nil {
		return nil, fmt.Errorf("write model %s: %w", cfg.Out, err)
	}
	for i, t := range f.Tensors {
		if t.Name == "/"+scopeWords+"/table" || t.Name == "/"+scopeChars+"/table" {
			if f.Tensors[i], err = toFloat16(t); err != nil {
				return nil, fmt.Errorf("write model %s: %w", cfg.Out, err)
			}
		}
	}
	err = f.SetJSON(vocabularyBlob, fileVocabulary{Words: feat.words.items, Categories: feat.categories.items, Tags: feat.tags.names()})
	if err != nil {
		return nil, fmt.Errorf("write model %s: %w", cfg.Out, err)
	}
	return f, nil
}

// trainingRecord returns the settings of a run for the model file, with
// the file names of the inputs (not their folders, which differ between
// machines).
func trainingRecord(cfg TrainConfig) map[string]any {
	return map[string]any{
		"gold": filepath.Base(cfg.Gold), "split": filepath.Base(cfg.Split), "dev": filepath.Base(cfg.Dev),
		"embeddings": filepath.Base(cfg.Embeddings), "epochs": cfg.Epochs, "patience": cfg.Patience,
		"batch_size": cfg.BatchSize, "learning_rate": cfg.LearningRate, "decay": cfg.Decay.String(), "seed": cfg.Seed,
		"extra_words": cfg.ExtraWords, "freeze_words": cfg.FreezeWords, "word_dropout": cfg.WordDropout,
	}
}

// devScores returns the scores stored in the model file: micro precision,
// recall and F1, and the F1 of each label.
func devScores(dev evaluate.Result) map[string]float64 {
	scores := map[string]float64{
		"dev_micro_precision": dev.Scores.Micro.Precision(), "dev_micro_recall": dev.Scores.Micro.Recall(),
		"dev_micro_f1": dev.Scores.Micro.F1(),
	}
	for label, c := range dev.Scores.Classes {
		scores["dev_f1/"+label] = c.F1()
	}
	return scores
}
