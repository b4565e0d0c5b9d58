package tagger

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/litmine/litmine/internal/modelfile"
	"github.com/litmine/litmine/ner"
)

// shippedFile returns the decoded model file shipped in the binary.
func shippedFile(t *testing.T) *modelfile.File {
	t.Helper()
	f, err := modelfile.Decode(defaultModel)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// singleMember returns member k of a model file as a single-network file.
func singleMember(t *testing.T, f *modelfile.File, k int) *modelfile.File {
	t.Helper()
	var cfg fileConfig
	if err := json.Unmarshal(f.Config, &cfg); err != nil {
		t.Fatal(err)
	}
	out := *f
	out.Tensors = nil
	for _, tensor := range f.Tensors {
		values := map[string][]float32{tensor.Name: nil}
		for name := range memberWeights(values, k) {
			tensor.Name = name
			out.Tensors = append(out.Tensors, tensor)
		}
	}
	cfg.Members = 0
	config, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	out.Config = config
	return &out
}

func decodeFile(t *testing.T, f *modelfile.File) *Model {
	t.Helper()
	var buf bytes.Buffer
	if err := modelfile.Encode(&buf, f); err != nil {
		t.Fatal(err)
	}
	m, err := Decode(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func tagText(t *testing.T, m *Model, text string) [][]ner.Span {
	t.Helper()
	tok, err := ner.NewTokenizer(nil)
	if err != nil {
		t.Fatal(err)
	}
	rec, err := ner.NewRecognizer(nil)
	if err != nil {
		t.Fatal(err)
	}
	sentences := tok.Tokenize(text)
	rules := make([][]ner.Span, len(sentences))
	for i, s := range sentences {
		rules[i] = rec.Recognize(s)
	}
	session, err := m.NewSession()
	if err != nil {
		t.Fatal(err)
	}
	spans, err := session.Tag(sentences, rules)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range spans {
		for i := range s {
			s[i].Source = "" // the file hashes differ
		}
	}
	return spans
}

const ensembleText = "LiFePO4 was calcined at 700 °C for 5 h under Ar. The powder was ground in an agate mortar, " +
	"pressed into pellets and sintered at 900 °C."

// TestEnsembleOfCopiesTagsAsOne combines one network with itself: the
// mean of equal scores is that score, so the ensemble must tag as the
// network alone.
func TestEnsembleOfCopiesTagsAsOne(t *testing.T) {
	network := singleMember(t, shippedFile(t), 0)
	combined, err := combineMembers([]*modelfile.File{network, network})
	if err != nil {
		t.Fatal(err)
	}
	single, pair := decodeFile(t, network), decodeFile(t, combined)
	if len(pair.hosts) != 2 {
		t.Fatalf("combined model has %d members, want 2", len(pair.hosts))
	}
	want, got := tagText(t, single, ensembleText), tagText(t, pair, ensembleText)
	if len(want) != len(got) {
		t.Fatalf("%d sentences, want %d", len(got), len(want))
	}
	for i := range want {
		if len(want[i]) != len(got[i]) {
			t.Fatalf("sentence %d: %d spans, want %d", i, len(got[i]), len(want[i]))
		}
		for k := range want[i] {
			w, g := want[i][k], got[i][k]
			if d := float64(w.Score - g.Score); d > 1e-4 || d < -1e-4 {
				t.Errorf("sentence %d span %d: score %v, want %v", i, k, g.Score, w.Score)
			}
			w.Score, g.Score = 0, 0
			if !reflect.DeepEqual(w, g) {
				t.Errorf("sentence %d span %d: %+v, want %+v", i, k, g, w)
			}
		}
	}
}

func TestCombineMembersRejectsMismatches(t *testing.T) {
	network := singleMember(t, shippedFile(t), 0)
	other := *network
	other.Blobs = nil
	other.SetBlob(vocabularyBlob, []byte(`{"words":[],"categories":[],"tags":[]}`))
	if _, err := combineMembers([]*modelfile.File{network, &other}); err == nil {
		t.Error("members with other vocabularies were combined")
	}
	pair, err := combineMembers([]*modelfile.File{network, network})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := combineMembers([]*modelfile.File{pair, network}); err == nil {
		t.Error("an ensemble was combined as a member")
	}
	if _, err := combineMembers(nil); err == nil {
		t.Error("no members gave no error")
	}
}

// TestTrainEnsemble trains two small members and checks the file holds
// both and scores as the training reported.
func TestTrainEnsemble(t *testing.T) {
	if testing.Short() {
		t.Skip("trains two models")
	}
	gold, split, dev := smallSplits(t, 6, 1)
	out := filepath.Join(t.TempDir(), "model.lmf")
	res, err := Train(context.Background(), TrainConfig{Gold: gold, Split: split, Dev: dev, Out: out, Epochs: 2,
		BatchSize: 16, Hidden: 16, CharBuckets: 128, CategoryDim: 4, WordDim: 8, Seed: 5, Members: 2,
		CheckpointDir: filepath.Join(t.TempDir(), "checkpoints")})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Members) != 2 || len(res.MemberDev) != 2 || len(res.Model.hosts) != 2 {
		t.Fatalf("%d member reports, %d member scores, %d networks loaded; want 2 each",
			len(res.Members), len(res.MemberDev), len(res.Model.hosts))
	}
	if res.Model.config.Members != 2 {
		t.Errorf("file config members = %d, want 2", res.Model.config.Members)
	}
	if got := res.Model.Scores()["dev_micro_f1"]; got != res.Dev.Scores.Micro.F1() {
		t.Errorf("stored dev F1 %v, want %v", got, res.Dev.Scores.Micro.F1())
	}
}
