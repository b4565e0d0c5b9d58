package tagger

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/litmine/litmine/datasets"
	"github.com/litmine/litmine/internal/evaluate"
	"github.com/litmine/litmine/internal/modelfile"
	"github.com/litmine/litmine/internal/shareddata"
	"github.com/litmine/litmine/ner"
)

// smallSplits writes split files with the first train and dev documents
// of MSPT, for trainings that must be quick.
func smallSplits(t *testing.T, trainDocs, devDocs int) (gold, split, dev string) {
	t.Helper()
	dir := shareddata.Require(t, "mspt")
	tmp := t.TempDir()
	write := func(name, list string, n int) string {
		names, err := datasets.ReadSplit(filepath.Join(dir, "splits", list))
		if err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(tmp, name)
		if err := os.WriteFile(path, []byte(strings.Join(names[:n], "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	return filepath.Join(dir, "brat"), write("train.txt", "train.txt", trainDocs), write("dev.txt", "dev.txt", devDocs)
}

// TestTrainLossFallsAndModelReloads trains a small tagger for a few steps
// on real MSPT documents, checks that the loss falls, and that the model
// file written scores the dev documents as the weights in memory did.
func TestTrainLossFallsAndModelReloads(t *testing.T) {
	gold, split, dev := smallSplits(t, 12, 2)
	out := filepath.Join(t.TempDir(), "model.lmf")
	cfg := TrainConfig{Gold: gold, Split: split, Dev: dev, Out: out, Epochs: 4, Patience: -1, BatchSize: 16,
		Hidden: 24, CharBuckets: 256, CategoryDim: 8, WordDim: 16, Seed: 3}
	res, err := Train(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	curves := res.Run.Curves
	if len(curves) < 8 {
		t.Fatalf("%d steps, want at least 8", len(curves))
	}
	first := (curves[0].Loss + curves[1].Loss + curves[2].Loss) / 3
	n := len(curves)
	last := (curves[n-1].Loss + curves[n-2].Loss + curves[n-3].Loss) / 3
	if !(last < 0.7*first) {
		t.Errorf("mean loss of the last 3 steps %.2f, of the first 3 %.2f; want a fall of at least 30%%", last, first)
	}
	if res.Alignment.Documents != 12 || res.Alignment.Exact == 0 {
		t.Errorf("alignment = %+v, want 12 documents with exact spans", res.Alignment)
	}

	reloaded, err := evaluate.NER(context.Background(), evaluate.Config{Gold: gold, Split: dev, Tagger: res.Model})
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(reloaded.Scores, res.Dev.Scores) {
		t.Errorf("reloaded model scores %+v, the trained weights %+v", reloaded.Scores.Micro, res.Dev.Scores.Micro)
	}
	if got := res.Model.Scores()["dev_micro_f1"]; got != res.Dev.Scores.Micro.F1() {
		t.Errorf("stored dev F1 %v, want %v", got, res.Dev.Scores.Micro.F1())
	}
}

// TestTrainIsRepeatable trains the same small model twice and compares the
// model files byte for byte.
func TestTrainIsRepeatable(t *testing.T) {
	if testing.Short() {
		t.Skip("trains two models")
	}
	gold, split, dev := smallSplits(t, 6, 1)
	var files [2][]byte
	for i := range files {
		out := filepath.Join(t.TempDir(), "model.lmf")
		cfg := TrainConfig{Gold: gold, Split: split, Dev: dev, Out: out, Epochs: 2, BatchSize: 16,
			Hidden: 16, CharBuckets: 128, CategoryDim: 4, WordDim: 8, Seed: 11}
		if _, err := Train(context.Background(), cfg); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(out)
		if err != nil {
			t.Fatal(err)
		}
		files[i] = data
	}
	if !bytes.Equal(files[0], files[1]) {
		t.Error("two trainings with the same config and seed wrote different model files")
	}
}

func TestTrainConfigErrors(t *testing.T) {
	for name, cfg := range map[string]TrainConfig{
		"missing gold":      {Split: "s", Dev: "d", Out: "o"},
		"negative hidden":   {Gold: "g", Split: "s", Dev: "d", Out: "o", Hidden: -1},
		"dropout of 1":      {Gold: "g", Split: "s", Dev: "d", Out: "o", Dropout: 1},
		"negative learning": {Gold: "g", Split: "s", Dev: "d", Out: "o", LearningRate: -0.1},
	} {
		t.Run(name, func(t *testing.T) {
			if _, err := Train(context.Background(), cfg); !errors.Is(err, ErrTrainConfig) {
				t.Errorf("error = %v, want ErrTrainConfig", err)
			}
		})
	}
}

func TestDecodeRejectsOtherFiles(t *testing.T) {
	if _, err := Decode([]byte("not a model")); !errors.Is(err, modelfile.ErrNotModelFile) {
		t.Errorf("garbage: error = %v, want ErrNotModelFile", err)
	}
	f := &modelfile.File{Name: "embeddings"}
	path := filepath.Join(t.TempDir(), "other.lmf")
	if err := modelfile.Write(path, f); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(path); !errors.Is(err, ErrNotTagger) {
		t.Errorf("other model: error = %v, want ErrNotTagger", err)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.lmf")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("missing file: error = %v, want ErrNotExist", err)
	}
}

func TestShippedModelTags(t *testing.T) {
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(m.Name(), SourcePrefix) || len(m.Name()) != len(SourcePrefix)+8 {
		t.Errorf("name = %q, want %s and 8 hex digits", m.Name(), SourcePrefix)
	}
	session, err := m.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	tok, err := ner.NewTokenizer(nil)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := ner.NewRecognizer(nil)
	if err != nil {
		t.Fatal(err)
	}
	sentences := tok.Tokenize("LiFePO4 was calcined at 700 °C. The powder was ground in a mortar.")
	rules := make([][]ner.Span, len(sentences))
	for i, s := range sentences {
		rules[i] = rec.Recognize(s)
	}
	spans, err := session.Tag(sentences, rules)
	if err != nil {
		t.Fatal(err)
	}
	if len(spans) != 2 || len(spans[0]) == 0 {
		t.Fatalf("spans = %+v, want entities in 2 sentences", spans)
	}
	first := spans[0][0]
	if first.TokenStart != 0 || first.Label.String() != "Material" || first.Source != m.Name() || first.Score <= 0 || first.Score > 1 {
		t.Errorf("first span = %+v, want Material LiFePO4 from the model with a score in (0, 1]", first)
	}
	if _, err := session.Tag(sentences, rules[:1]); err == nil {
		t.Error("Tag with rule spans for fewer sentences gave no error")
	}
	if out, err := session.Tag(nil, nil); err != nil || len(out) != 0 {
		t.Errorf("Tag of no sentences = %v, %v; want nothing", out, err)
	}
}

// shippedDevMicroF1 is the strict micro F1 of the shipped model on the
// MSPT dev split, recorded in data/README.md.
const shippedDevMicroF1 = 0.800

func TestShippedModelScoreOnMSPTDev(t *testing.T) {
	if testing.Short() {
		t.Skip("tags 15 documents with the neural model")
	}
	dir := shareddata.Require(t, "mspt")
	m, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	res, err := evaluate.NER(context.Background(), evaluate.Config{Gold: filepath.Join(dir, "brat"),
		Split: filepath.Join(dir, "splits", "dev.txt"), Tagger: m})
	if err != nil {
		t.Fatal(err)
	}
	got := res.Scores.Micro.F1()
	t.Logf("shipped tagger micro F1 %.4f on %d documents (recorded %.4f)", got, res.Documents, shippedDevMicroF1)
	if res.Documents != 15 {
		t.Errorf("scored %d documents, want 15", res.Documents)
	}
	if got < shippedDevMicroF1-0.005 {
		t.Errorf("micro F1 = %.4f, below the recorded %.4f", got, shippedDevMicroF1)
	}
	if stored := m.Scores()["dev_micro_f1"]; stored-got > 1e-9 || got-stored > 1e-9 {
		t.Errorf("micro F1 = %.6f, the model file records %.6f", got, stored)
	}
}

// TestResumeRejectsOtherNetwork resumes a finished run with another hidden
// size: the error must name the setting, not a shape mismatch in gomlx.
func TestResumeRejectsOtherNetwork(t *testing.T) {
	gold, split, dev := smallSplits(t, 3, 1)
	cfg := TrainConfig{Gold: gold, Split: split, Dev: dev, Out: filepath.Join(t.TempDir(), "model.lmf"), Epochs: 1,
		BatchSize: 16, Hidden: 8, CharBuckets: 64, CategoryDim: 4, WordDim: 8, CheckpointDir: t.TempDir()}
	if _, err := Train(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	cfg.Resume, cfg.Hidden = true, 12
	_, err := Train(context.Background(), cfg)
	if err == nil || !strings.Contains(err.Error(), "hidden (checkpoint 8, now 12)") {
		t.Fatalf("error %v, want one naming the hidden size", err)
	}
}
