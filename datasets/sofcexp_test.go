package datasets_test

import (
	"testing"

	"github.com/litmine/litmine/datasets"
	"github.com/litmine/litmine/internal/shareddata"
)

func TestReadSOFCExp(t *testing.T) {
	root := shareddata.Require(t, "sofc-exp")
	dev, err := datasets.ReadSOFCExp(root, "dev")
	if err != nil {
		t.Fatal(err)
	}
	if len(dev) != 8 {
		t.Errorf("dev articles = %d, want 8", len(dev))
	}
	all, err := datasets.ReadSOFCExp(root, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 34 {
		t.Errorf("articles = %d, want 34", len(all))
	}
	counts := map[string]int{}
	for _, d := range all {
		runes := []rune(d.Text)
		for _, s := range d.Spans {
			counts[s.Label]++
			if string(runes[s.Start:s.End]) != s.Text {
				t.Fatalf("%s %s: span text %q differs from the text at its offsets", d.Name, s.ID, s.Text)
			}
		}
	}
	// The corpus README gives these span counts for the 34 articles.
	want := map[string]int{"MATERIAL": 1530, "VALUE": 1177, "DEVICE": 468, "EXPERIMENT": 862}
	for label, n := range want {
		if counts[label] != n {
			t.Errorf("%s spans = %d, want %d", label, counts[label], n)
		}
	}
}

func TestReadSOFCExpMissingFolder(t *testing.T) {
	if _, err := datasets.ReadSOFCExp(t.TempDir(), "dev"); err == nil {
		t.Error("a folder without SOFC-Exp files gave no error")
	}
}
