package safename

import (
	"fmt"
	"strings"
	"testing"
)

func TestFileName(t *testing.T) {
	tests := []struct {
		name, id string
		kept     bool
	}{
		{"plain name", "101002adma200903953", true},
		{"hash id", "sha256:0123456789abcdef", false},
		{"doi", "10.1016/j.jssc.2004.02.014", false},
		{"arxiv", "arxiv:2212.11831", false},
		{"upper case", "PMC3564701", false},
		{"dot dot", "../../etc/passwd", false},
		{"leading dot", ".hidden", false},
		{"leading dash", "-rf", false},
		{"windows device", "con", false},
		{"windows device with extension", "nul.txt", false},
		{"looks hashed", "paper-0123456789abcdef", false},
		{"empty", "", false},
		{"nul byte", "a\x00b", false},
		{"non-ascii", "Ba₀.₅Sr", false},
		{"very long", strings.Repeat("a", 300), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := FileName(tt.id)
			if (got == tt.id) != tt.kept {
				t.Errorf("FileName(%q) = %q, kept %v, want kept %v", tt.id, got, got == tt.id, tt.kept)
			}
			if got == "" || len(got) > 120 || strings.ContainsAny(got, "/\\:\x00") || strings.HasPrefix(got, ".") {
				t.Errorf("FileName(%q) = %q is not a safe file name", tt.id, got)
			}
			if got != strings.ToLower(got) {
				t.Errorf("FileName(%q) = %q has upper-case letters", tt.id, got)
			}
		})
	}
}

func TestFileNameDistinct(t *testing.T) {
	ids := []string{"a/b", "a:b", "a b", "A/B", "a_b", "10.1/X", "10.1/x", "paper", "Paper", "PAPER"}
	for i := 0; i < 1000; i++ {
		ids = append(ids, fmt.Sprintf("10.1016/j.x.%d", i), fmt.Sprintf("sha256:%016x", i))
	}
	seen := map[string]string{}
	for _, id := range ids {
		name := FileName(id)
		if prev, ok := seen[name]; ok {
			t.Fatalf("ids %q and %q both map to %q", prev, id, name)
		}
		seen[name] = id
	}
}

func FuzzFileName(f *testing.F) {
	f.Add("10.1016/j.jssc.2004.02.014")
	f.Add("..")
	f.Fuzz(func(t *testing.T, id string) {
		name := FileName(id)
		if name == "" || strings.ContainsAny(name, "/\\:\x00") || name == "." || name == ".." {
			t.Fatalf("FileName(%q) = %q", id, name)
		}
	})
}
