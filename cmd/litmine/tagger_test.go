package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/litmine/litmine/internal/schema"
	"github.com/litmine/litmine/internal/table"
	"github.com/litmine/litmine/ner/tagger"
)

// entitySources returns the distinct source prefixes ("model" or "rules")
// of the entities of a run.
func entitySources(t *testing.T, dir string) map[string]bool {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, schema.TableEntities, "*.parquet"))
	out := map[string]bool{}
	for _, f := range files {
		rows, err := table.ReadAll[schema.Entity](f)
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range rows {
			kind, _, _ := strings.Cut(e.Source, "/")
			out[kind] = true
		}
	}
	return out
}

// TestAnnotateEntitySources annotates with the shipped tagger, then
// rejects a rules-only rerun without --force, because the recorded entity
// model differs, and redoes it with --force.
func TestAnnotateEntitySources(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "run")
	if code, _, stderr := litmine(t, "ingest", "../../testdata/corpus/mspt", "--out", dir); code != exitOK {
		t.Fatalf("ingest: exit %d: %s", code, stderr)
	}
	if code, _, stderr := litmine(t, "annotate", dir); code != exitOK {
		t.Fatalf("annotate: exit %d: %s", code, stderr)
	}
	if got := entitySources(t, dir); !got["model"] || got["rules"] {
		t.Errorf("default annotate: entity sources %v, want the model only", got)
	}
	manifest, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := tagger.Default()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(manifest), m.Name()) {
		t.Errorf("manifest does not record the model %s", m.Name())
	}

	if code, _, _ := litmine(t, "annotate", dir, "--rules-only"); code == exitOK {
		t.Error("a rules-only rerun of a run annotated by the model succeeded without --force")
	}
	if code, _, stderr := litmine(t, "annotate", dir, "--rules-only", "--force"); code != exitOK {
		t.Fatalf("annotate --rules-only --force: exit %d: %s", code, stderr)
	}
	if got := entitySources(t, dir); got["model"] || !got["rules"] {
		t.Errorf("rules-only annotate: entity sources %v, want the rules only", got)
	}
}

func TestEntityModelFlagErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "missing.lmf")
	notModel := filepath.Join(t.TempDir(), "model.lmf")
	if err := os.WriteFile(notModel, []byte("not a model"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		want int
	}{
		{"rules-only with model", []string{"eval", "ner", "--gold", "g", "--rules-only", "--model", notModel}, exitUsage},
		{"missing model", []string{"eval", "ner", "--gold", "../../testdata/corpus/mspt", "--model", missing}, exitError},
		{"not a model", []string{"eval", "ner", "--gold", "../../testdata/corpus/mspt", "--model", notModel}, exitError},
		{"train without gold", []string{"train", "ner", "--split", "s", "--dev", "d", "--out", "o"}, exitUsage},
		{"train bad decay", []string{"train", "ner", "--gold", "g", "--split", "s", "--dev", "d", "--out", "o", "--decay", "fast"}, exitUsage},
		{"gold entities with model", []string{"eval", "graph", "--gold", "g", "--gold-entities", "--rules-only"}, exitUsage},
		{"train zero members", []string{"train", "ner", "--gold", "g", "--split", "s", "--dev", "d", "--out", "o", "--members", "0"}, exitUsage},
		{"train zero epochs", []string{"train", "ner", "--gold", "g", "--split", "s", "--dev", "d", "--out", "o", "--epochs", "0"}, exitUsage},
		{"train too many members", []string{"train", "ner", "--gold", "g", "--split", "s", "--dev", "d", "--out", "o", "--members", "99"}, exitUsage},
		{"train resume without folder", []string{"train", "ner", "--gold", "g", "--split", "s", "--dev", "d", "--out", "o", "--resume"}, exitUsage},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := litmine(t, tt.args...)
			if code != tt.want {
				t.Errorf("exit code %d, want %d (stderr %q)", code, tt.want, stderr)
			}
		})
	}
}

func TestEvalNERNamesEntitySource(t *testing.T) {
	m, err := tagger.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		flags []string
		want  string
	}{{nil, m.Name()}, {[]string{"--rules-only"}, "rules"}} {
		args := append([]string{"eval", "ner", "--gold", "../../testdata/corpus/mspt"}, tc.flags...)
		code, stdout, stderr := litmine(t, args...)
		if code != exitOK {
			t.Fatalf("%v: exit %d: %s", args, code, stderr)
		}
		if !strings.Contains(stdout, "entities from "+tc.want) {
			t.Errorf("%v: output does not name the entity source %s:\n%s", args, tc.want, stdout)
		}
	}
}
