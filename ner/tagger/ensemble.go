package tagger

import (
	"encoding/json"
	"fmt"
	"maps"

	"github.com/litmine/litmine/internal/modelfile"
)

// combineMembers returns one model file that holds the networks of the
// single-network model files fs as the members of an ensemble. The files
// must share their vocabularies and network sizes, as the models that one
// training config trains with different seeds do. The config, backend and
// version are the first file's; the scores are left for the caller.
func combineMembers(fs []*modelfile.File) (*modelfile.File, error) {
	if len(fs) == 0 || len(fs) > maxMembers {
		return nil, fmt.Errorf("combine %d tagger models, want 1 to %d", len(fs), maxMembers)
	}
	var first fileConfig
	if err := json.Unmarshal(fs[0].Config, &first); err != nil {
		return nil, fmt.Errorf("combine tagger models: member 0: %w", err)
	}
	vocab, ok := fs[0].Blob(vocabularyBlob)
	if !ok {
		return nil, fmt.Errorf("combine tagger models: member 0 has no %s", vocabularyBlob)
	}
	out := &modelfile.File{Name: FileName, LitmineVersion: fs[0].LitmineVersion, Backend: fs[0].Backend,
		Blobs: fs[0].Blobs}
	seeds := make([]any, len(fs))
	for k, f := range fs {
		var cfg fileConfig
		if err := json.Unmarshal(f.Config, &cfg); err != nil {
			return nil, fmt.Errorf("combine tagger models: member %d: %w", k, err)
		}
		if f.Name != FileName || cfg.Network != first.Network || max(cfg.Members, 1) != 1 {
			return nil, fmt.Errorf("combine tagger models: member %d is not a single network of member 0's sizes", k)
		}
		if v, ok := f.Blob(vocabularyBlob); !ok || string(v) != string(vocab) {
			return nil, fmt.Errorf("combine tagger models: member %d has other vocabularies than member 0", k)
		}
		seeds[k] = cfg.Training["seed"]
		for _, t := range f.Tensors {
			t.Name = memberScope(k) + t.Name
			out.Tensors = append(out.Tensors, t)
		}
	}
	first.Members = len(fs)
	if len(fs) > 1 {
		first.Training = maps.Clone(first.Training)
		first.Training["member_seeds"] = seeds
	}
	config, err := json.Marshal(first)
	if err != nil {
		return nil, fmt.Errorf("combine tagger models: %w", err)
	}
	out.Config = config
	return out, nil
}
