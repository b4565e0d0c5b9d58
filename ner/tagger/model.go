package tagger

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/x448/float16"

	"github.com/litmine/litmine/internal/modelfile"
	"github.com/litmine/litmine/ner"
)

// FileName is the value of modelfile.File.Name in every tagger model file.
const FileName = "ner-bilstm-crf"

// SourcePrefix starts the source of every entity a tagger model finds; the
// first 8 hex digits of the SHA-256 of the model file follow it.
const SourcePrefix = "model/bilstm-crf@"

// Blob names in the model file.
const vocabularyBlob = "vocabulary.json"

// ErrNotTagger is wrapped by the error of Load and Decode for a model file
// of another kind of model, or one written with another tag set.
var ErrNotTagger = errors.New("not a tagger model file")

// fileVocabulary is the vocabulary blob of a model file.
type fileVocabulary struct {
	Words      []string `json:"words"`
	Categories []string `json:"categories"`
	Tags       []string `json:"tags"`
}

// fileConfig is the Config JSON of a model file: what loading needs, and a
// record of how the model was trained.
type fileConfig struct {
	Network   network        `json:"network"`
	MaxNGrams int            `json:"max_ngrams"`
	NGrams    [2]int         `json:"ngram_lengths"`
	MaxTokens int            `json:"max_tokens"`
	Training  map[string]any `json:"training,omitempty"`
	Alignment AlignmentStats `json:"alignment"`
	// Members is the number of networks of an ensemble, which share the
	// vocabularies; 0 means 1. Member 0's weights have the plain variable
	// names ("/bilstm/biases"), member k's are under memberScope(k).
	Members int `json:"members,omitempty"`
}

// memberScope returns the name prefix of the weights of ensemble member k:
// "" for member 0, "/member1" for member 1 and so on.
func memberScope(k int) string {
	if k == 0 {
		return ""
	}
	return fmt.Sprintf("/member%d", k)
}

// memberWeights returns the weights of member k among the values of all
// members, under the plain variable names.
func memberWeights(values map[string][]float32, k int) map[string][]float32 {
	out := map[string][]float32{}
	prefix := memberScope(k)
	for name, v := range values {
		rest, ok := strings.CutPrefix(name, prefix)
		if !ok || (k == 0 && strings.HasPrefix(name, "/member")) {
			continue
		}
		out[rest] = v
	}
	return out
}

// Model is a trained BiLSTM-CRF tagger loaded from a model file. It
// implements ner.Tagger. Tagging runs in plain Go on the host (see
// hostNetwork), not through gomlx. A model of several members (an
// ensemble) averages their emission scores and decodes with the mean of
// their CRF weights. A Model is safe for concurrent use.
type Model struct {
	name   string
	file   *modelfile.File
	config fileConfig
	feat   *featurizer
	crf    *crf
	hosts  []*hostNetwork // one per member
}

// Load reads a tagger model file.
func Load(path string) (*Model, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("load tagger model: %w", err)
	}
	m, err := Decode(data)
	if err != nil {
		return nil, fmt.Errorf("load tagger model %s: %w", path, err)
	}
	return m, nil
}

// Decode parses a tagger model file held in data, which must not change
// afterwards. A file of another model, or a damaged one, gives an error.
func Decode(data []byte) (*Model, error) {
	f, err := modelfile.Decode(data)
	if err != nil {
		return nil, err
	}
	if f.Name != FileName {
		return nil, fmt.Errorf("%w: the file contains model %q, expected %q", ErrNotTagger, f.Name, FileName)
	}
	sum := sha256.Sum256(data)
	m := &Model{name: SourcePrefix + hex.EncodeToString(sum[:4]), file: f}
	if err := json.Unmarshal(f.Config, &m.config); err != nil {
		return nil, fmt.Errorf("%w: invalid config: %v", ErrNotTagger, err)
	}
	var vocab fileVocabulary
	if err := f.JSON(vocabularyBlob, &vocab); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotTagger, err)
	}
	if err := m.setUp(vocab); err != nil {
		return nil, err
	}
	return m, nil
}

// setUp builds the featurizer, network and CRF of a decoded file.
func (m *Model) setUp(vocab fileVocabulary) error {
	set := newTagSet()
	if err := set.checkNames(vocab.Tags); err != nil {
		return fmt.Errorf("%w: %v", ErrNotTagger, err)
	}
	cfg := m.config
	if cfg.NGrams != [2]int{minNGram, maxNGram} || cfg.MaxTokens != MaxTokens {
		return fmt.Errorf("%w: n-grams %v and %d tokens per piece, this build uses %v and %d",
			ErrNotTagger, cfg.NGrams, cfg.MaxTokens, [2]int{minNGram, maxNGram}, MaxTokens)
	}
	categories := newVocabulary(vocab.Categories)
	if err := checkCategories(categories); err != nil {
		return fmt.Errorf("%w: %v", ErrNotTagger, err)
	}
	net := cfg.Network
	if net.Words != len(vocab.Words) || net.Categories != categories.len() || net.Tags != set.size() || cfg.MaxNGrams < 1 {
		return fmt.Errorf("%w: the network sizes do not match the vocabularies", ErrNotTagger)
	}
	m.feat = &featurizer{words: newVocabulary(vocab.Words), categories: categories, tags: set,
		charBuckets: net.CharBuckets, maxNGrams: cfg.MaxNGrams}
	if cfg.Members < 0 || cfg.Members > maxMembers {
		return fmt.Errorf("%w: %d ensemble members, want 1 to %d", ErrNotTagger, cfg.Members, maxMembers)
	}
	tensors, err := float32Tensors(m.file.Tensors)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotTagger, err)
	}
	weights, err := weightsFromTensors(tensors)
	if err != nil {
		return fmt.Errorf("%w: %v", ErrNotTagger, err)
	}
	if m.hosts, m.crf, err = ensembleFromWeights(&net, set, weights, max(cfg.Members, 1)); err != nil {
		return fmt.Errorf("%w: %v", ErrNotTagger, err)
	}
	return nil
}

// maxMembers bounds the ensemble size that a model file may declare.
const maxMembers = 16

// ensembleFromWeights returns the host networks of the members of an
// ensemble and the CRF with the mean of their decoding weights.
func ensembleFromWeights(net *network, set tagSet, values map[string][]float32, members int) ([]*hostNetwork, *crf, error) {
	hosts := make([]*hostNetwork, members)
	crfs := make([]*crf, members)
	for k := range members {
		w := memberWeights(values, k)
		var err error
		if hosts[k], err = newHostNetwork(net, w); err != nil {
			return nil, nil, fmt.Errorf("ensemble member %d: %w", k, err)
		}
		if crfs[k], err = crfFromWeights(set, w); err != nil {
			return nil, nil, fmt.Errorf("ensemble member %d: %w", k, err)
		}
	}
	return hosts, meanCRF(set, crfs), nil
}

// Name implements ner.Tagger: SourcePrefix and the first 8 hex digits of
// the SHA-256 of the model file.
func (m *Model) Name() string { return m.name }

// Scores returns the scores stored with the model, such as "dev_micro_f1"
// and "dev_f1/Material".
func (m *Model) Scores() map[string]float64 { return m.file.Scores }

// Description returns the model file's name, litmine version and backend,
// for logs.
func (m *Model) Description() string {
	return fmt.Sprintf("%s (%s, litmine %s, trained on %s)", m.name, m.file.Name, m.file.LitmineVersion, m.file.Backend)
}

// NewSession implements ner.Tagger. Sessions share the weights and hold
// their own buffers.
func (m *Model) NewSession() (ner.TaggerSession, error) {
	return &engine{nets: m.hosts, feat: m.feat, crf: m.crf, source: m.name}, nil
}

// crfFromWeights returns the decoding weights among the variable values.
func crfFromWeights(set tagSet, values map[string][]float32) (*crf, error) {
	k := set.size()
	names := map[string]int{"transition": k * k, "start": k, "end": k}
	for name, size := range names {
		if got := len(values["/"+scopeCRF+"/"+name]); got != size {
			return nil, fmt.Errorf("CRF weights %q have %d values, want %d", name, got, size)
		}
	}
	return newCRF(set, values["/"+scopeCRF+"/transition"], values["/"+scopeCRF+"/start"], values["/"+scopeCRF+"/end"]), nil
}

// float32Tensors returns the tensors of a model file with float16 ones
// converted to float32, the dtype of the network's variables.
func float32Tensors(ts []modelfile.Tensor) ([]modelfile.Tensor, error) {
	out := make([]modelfile.Tensor, 0, len(ts))
	for _, t := range ts {
		if !strings.HasPrefix(t.Name, "/") {
			continue
		}
		switch t.DType {
		case modelfile.Float32:
			out = append(out, t)
		case modelfile.Float16:
			values := make([]float32, len(t.Data)/2)
			for i := range values {
				values[i] = float16.Frombits(uint16(t.Data[2*i]) | uint16(t.Data[2*i+1])<<8).Float32()
			}
			converted, err := modelfile.NewFloat32(t.Name, t.Shape, values)
			if err != nil {
				return nil, err
			}
			out = append(out, converted)
		default:
			return nil, fmt.Errorf("tensor %s has dtype %s, want float32 or float16", t.Name, t.DType)
		}
	}
	return out, nil
}

// toFloat16 returns a float32 tensor stored as float16, which halves its
// size; values beyond float16's range (±65504) become infinite, so it
// suits embedding tables, whose values are small.
func toFloat16(t modelfile.Tensor) (modelfile.Tensor, error) {
	values, err := t.Float32s()
	if err != nil {
		return t, err
	}
	out := modelfile.Tensor{Name: t.Name, DType: modelfile.Float16, Shape: t.Shape, Data: make([]byte, 2*len(values))}
	for i, v := range values {
		bits := float16.Fromfloat32(v).Bits()
		out.Data[2*i], out.Data[2*i+1] = byte(bits), byte(bits>>8)
	}
	return out, nil
}
