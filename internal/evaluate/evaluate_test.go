package evaluate

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/litmine/litmine/internal/shareddata"
)

// Scores measured on the MSPT dev split (15 documents) and recorded in the
// README. A change that lowers one by more than the tolerance fails here.
const (
	nerDevMicroF1        = 0.723
	graphDevMicroF1      = 0.518
	graphGoldDevMicroF1  = 0.772
	scoreTolerance       = 0.005
	expectedDevDocuments = 15
)

func msptDev(t *testing.T) Config {
	t.Helper()
	dir := shareddata.Require(t, "mspt")
	return Config{Gold: filepath.Join(dir, "brat"), Split: filepath.Join(dir, "splits", "dev.txt")}
}

func checkFloor(t *testing.T, res Result, floor float64) {
	t.Helper()
	if res.Documents != expectedDevDocuments {
		t.Errorf("%s scored %d documents, want %d", res.Task, res.Documents, expectedDevDocuments)
	}
	got := res.Scores.Micro.F1()
	t.Logf("%s micro F1 %.3f (recorded %.3f)", res.Task, got, floor)
	if got < floor-scoreTolerance {
		t.Errorf("%s micro F1 = %.3f, below the recorded %.3f", res.Task, got, floor)
	}
}

func TestNERScoreOnMSPTDev(t *testing.T) {
	res, err := NER(context.Background(), msptDev(t))
	if err != nil {
		t.Fatal(err)
	}
	checkFloor(t, res, nerDevMicroF1)
}

func TestGraphScoreOnMSPTDev(t *testing.T) {
	cfg := msptDev(t)
	res, err := Graph(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	checkFloor(t, res, graphDevMicroF1)

	cfg.GoldEntities = true
	res, err = Graph(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	checkFloor(t, res, graphGoldDevMicroF1)
}

func TestSplitNamesUnknownDocument(t *testing.T) {
	cfg := msptDev(t)
	cfg.Split = filepath.Join(t.TempDir(), "split.txt")
	writeFile(t, cfg.Split, "no-such-paper\n")
	if _, err := NER(context.Background(), cfg); err == nil {
		t.Fatal("a split naming a missing document gave no error")
	}
}

func TestGoldFolderWithoutBrat(t *testing.T) {
	if _, err := NER(context.Background(), Config{Gold: t.TempDir()}); err == nil {
		t.Fatal("an empty gold folder gave no error")
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
