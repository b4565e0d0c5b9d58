package train

import (
	"bytes"
	"encoding/xml"
	"io"
	"log/slog"
	"math"
	"strings"
	"testing"
	"time"
)

func TestLogEventsRateLimits(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	log := LogEvents(logger, time.Hour)
	step := Event{Kind: StepDone, Model: "toy", Step: 1, TotalSteps: 10, Loss: 0.5, DevScore: math.NaN(), BestScore: math.NaN()}
	log(step)
	step.Step = 2
	log(step) // within the interval: dropped
	log(Event{Kind: CheckpointWritten, Model: "toy", Step: 2, DevScore: math.NaN()})
	log(Event{Kind: Evaluated, Model: "toy", Step: 2, DevScore: 0.75, BestScore: 0.75})
	log(Event{Kind: Finished, Model: "toy", Step: 2, DevScore: 0.75, BestScore: 0.75})

	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 3 {
		t.Fatalf("%d log lines, want 3 (first step, evaluation, end):\n%s", len(lines), buf.String())
	}
	if !strings.Contains(lines[0], `msg="training step" model=toy step=1 total=10`) {
		t.Errorf("first line %q, want the step 1 event", lines[0])
	}
	if !strings.Contains(lines[1], `msg="training eval"`) || !strings.Contains(lines[1], "dev_score=0.75") {
		t.Errorf("second line %q, want the evaluation with its dev score", lines[1])
	}
	if !strings.Contains(lines[2], `msg="training finished"`) {
		t.Errorf("last line %q, want the finished event", lines[2])
	}
}

func TestEventProgress(t *testing.T) {
	got := Event{Kind: Finished, Model: "ner", Step: 7, TotalSteps: 9}.Progress()
	if got.Stage != "train ner" || got.Unit != "steps" || got.Done != 7 || got.Total != 9 || !got.Final {
		t.Errorf("Progress() = %+v", got)
	}
	step := Event{Kind: StepDone, Model: "ner", Step: 3, TotalSteps: 9, Loss: 1.25, DevScore: 0.5, BestScore: 0.75,
		SecondsPerStep: 0.25}.Progress()
	if want := "loss 1.25, dev 0.5000 (best 0.7500), 0.25 s/step"; step.Detail != want {
		t.Errorf("Detail = %q, want %q", step.Detail, want)
	}
	if d := (Event{Kind: Finished, Loss: math.NaN(), DevScore: math.NaN()}).Progress().Detail; d != "" {
		t.Errorf("Detail without loss or scores = %q, want empty", d)
	}
}

func TestCurvesSVGEdgeCases(t *testing.T) {
	long := make([]CurveRow, 5000)
	for i := range long {
		long[i] = CurveRow{Step: int64(i + 1), Loss: 1 / float64(i+1), DevScore: math.NaN()}
	}
	long[4999].DevScore = 0.9
	cases := map[string][]CurveRow{
		"no rows":              nil,
		"one row":              {{Step: 1, Loss: 0.3, DevScore: math.NaN()}},
		"non-finite loss":      {{Step: 1, Loss: math.Inf(1), DevScore: 0.5}, {Step: 2, Loss: math.NaN(), DevScore: 0.5}},
		"5000 steps":           long,
		"title needs escaping": {{Step: 1, Loss: 1, DevScore: 1}},
	}
	for name, rows := range cases {
		t.Run(name, func(t *testing.T) {
			svg := CurvesSVG(`a<b & "c"`, rows)
			dec := xml.NewDecoder(bytes.NewReader(svg))
			for {
				_, err := dec.Token()
				if err == io.EOF {
					break
				}
				if err != nil {
					t.Fatalf("invalid XML: %v", err)
				}
			}
			if bytes.Contains(svg, []byte("NaN")) || bytes.Contains(svg, []byte("Inf")) {
				t.Error("the plot contains NaN or Inf coordinates")
			}
			if points := bytes.Count(svg, []byte(",")); points > 2*maxPlotPoints+100 {
				t.Errorf("%d coordinate pairs, want at most about %d", points, maxPlotPoints)
			}
		})
	}
}
