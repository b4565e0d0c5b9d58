package embed

import (
	"context"
	"os"
	"testing"
)

// BenchmarkTrain trains one epoch on the demo corpus with one worker. Its
// bytes per second are those of the token file.
func BenchmarkTrain(b *testing.B) {
	_, tokens := demoRun(b)
	info, err := os.Stat(tokens)
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name       string
		noSubwords bool
	}{{"subwords", false}, {"plain", true}} {
		b.Run(tc.name, func(b *testing.B) {
			cfg := Config{Epochs: 1, Workers: 1, MinCount: 2, NoSubwords: tc.noSubwords}
			b.ReportAllocs()
			b.SetBytes(info.Size())
			for b.Loop() {
				if _, _, err := Train(context.Background(), TextFile(tokens), cfg); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTrainContext times one step of the hot loop: a context word with
// its negative samples against a fixed input vector.
func BenchmarkTrainContext(b *testing.B) {
	m, _ := trainDemo(b, Config{Epochs: 1, Workers: 1, MinCount: 2})
	v := &vocabulary{words: m.words, counts: m.counts, index: m.index}
	for _, c := range m.counts {
		v.keptTokens += c
	}
	t := newTrainer(v, Config{Epochs: 1, Workers: 1}.withDefaults())
	w := t.newWorker(0)
	h := w.average(t.inputRows[t.rowStart[5]:t.rowStart[6]])
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		w.trainContext(h, int32(i%len(m.words)), 0.01)
	}
}
