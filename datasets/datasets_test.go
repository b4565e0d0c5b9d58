package datasets

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sampleText = "10.1/x\nTitle\nMg (99%) was heated at 973 K."

func TestParseAnn(t *testing.T) {
	ann := strings.Join([]string{
		"T1\tOperation 26 32\theated",
		"T2\tMaterial 13 15\tMg",
		"T3\tNumber 36 39\t973",
		"T4\tCondition-Unit 40 41\tK",
		"E1\tOperation:T1 Participant_Material:T2 ",
		"R1\tNumber_Of Arg1:T3 Arg2:T4\t",
		"R2\tCondition_Of Arg1:T4 Arg2:E1\t",
		"A1\tStart_Recipe E1",
		"#1\tAnnotatorNotes T1\tnote",
	}, "\n")
	doc, err := ParseAnn(strings.NewReader(ann), "x.ann", sampleText)
	if err != nil {
		t.Fatal(err)
	}
	if len(doc.Spans) != 4 || len(doc.Events) != 1 || len(doc.Relations) != 2 || len(doc.Attributes) != 1 {
		t.Fatalf("got %d spans, %d events, %d relations, %d attributes; want 4, 1, 2, 1",
			len(doc.Spans), len(doc.Events), len(doc.Relations), len(doc.Attributes))
	}
	if got := doc.Spans[0].Text; got != "heated" {
		t.Errorf("span text = %q, want %q", got, "heated")
	}
	links := doc.Links()
	want := []struct{ typ, src, tgt string }{
		{"Number_Of", "973", "K"},
		{"Condition_Of", "K", "heated"},
		{"Participant_Material", "heated", "Mg"},
	}
	if len(links) != len(want) {
		t.Fatalf("got %d links, want %d", len(links), len(want))
	}
	for i, w := range want {
		l := links[i]
		if l.Type != w.typ || l.Source.Text != w.src || l.Target.Text != w.tgt {
			t.Errorf("link %d = %s %s→%s, want %s %s→%s", i, l.Type, l.Source.Text, l.Target.Text, w.typ, w.src, w.tgt)
		}
	}
	if got := doc.SpanAttributes()["T1"]; len(got) != 1 || got[0] != "Start_Recipe" {
		t.Errorf("attributes of T1 = %v, want [Start_Recipe]", got)
	}
}

func TestParseAnnKeepsGoodLines(t *testing.T) {
	tests := []struct {
		name     string
		line     string
		wantLine int
	}{
		{"offsets past the text", "T9\tMaterial 40 99\tx", 2},
		{"bad offsets", "T9\tMaterial a b\tx", 2},
		{"no body", "T9", 2},
		{"unknown kind", "Q1\tfoo", 2},
		{"bad event", "E9\tOperation", 2},
		{"bad relation", "R9\tNumber_Of T1", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ann := "T1\tMaterial 13 15\tMg\n" + tt.line + "\nT2\tNumber 36 39\t973\n"
			doc, err := ParseAnn(strings.NewReader(ann), "x.ann", sampleText)
			if !errors.Is(err, ErrMalformed) {
				t.Fatalf("error = %v, want one wrapping ErrMalformed", err)
			}
			var le *LineError
			if !errors.As(err, &le) || le.Line != tt.wantLine || le.File != "x.ann" {
				t.Errorf("error = %v, want x.ann:%d", err, tt.wantLine)
			}
			if len(doc.Spans) != 2 {
				t.Errorf("kept %d spans, want the 2 good ones", len(doc.Spans))
			}
		})
	}
}

func TestParseAnnDropsDanglingReferences(t *testing.T) {
	ann := "T1\tMaterial 13 15\tMg\nR1\tCoref_Of Arg1:T1 Arg2:T7\t\n"
	doc, err := ParseAnn(strings.NewReader(ann), "x.ann", sampleText)
	if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "T7") {
		t.Fatalf("error = %v, want one naming T7", err)
	}
	if len(doc.Relations) != 0 {
		t.Errorf("kept %d relations, want 0", len(doc.Relations))
	}
}

func TestScoreSpans(t *testing.T) {
	gold := []SpanKey{{"d", 0, 2, "Material"}, {"d", 5, 8, "Number"}, {"d", 9, 10, "Condition-Unit"}}
	pred := []SpanKey{{"d", 0, 2, "Material"}, {"d", 5, 8, "Material"}, {"d", 9, 10, "Condition-Unit"}, {"d", 9, 10, "Condition-Unit"}}
	s := ScoreSpans(gold, pred)
	if s.Micro != (Counts{TP: 2, FP: 1, FN: 1}) {
		t.Errorf("micro = %+v, want TP 2 FP 1 FN 1", s.Micro)
	}
	if got := s.Classes["Number"]; got != (Counts{FN: 1}) {
		t.Errorf("Number = %+v, want FN 1", got)
	}
	if got, want := s.Micro.F1(), 2.0/3; math.Abs(got-want) > 1e-9 {
		t.Errorf("micro F1 = %v, want %v", got, want)
	}
	var b strings.Builder
	if err := s.WriteTable(&b, "label"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "micro") || !strings.Contains(b.String(), "Condition-Unit") {
		t.Errorf("table lacks rows:\n%s", b.String())
	}
}

func TestCountsEmpty(t *testing.T) {
	var c Counts
	if c.Precision() != 0 || c.Recall() != 0 || c.F1() != 0 {
		t.Errorf("empty counts give P %v R %v F1 %v, want zeros", c.Precision(), c.Recall(), c.F1())
	}
}

func TestReadSplit(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "good.txt")
	os.WriteFile(good, []byte("a\n\n# comment\nb\n"), 0o644)
	names, err := ReadSplit(good)
	if err != nil || strings.Join(names, ",") != "a,b" {
		t.Errorf("ReadSplit = %v, %v; want [a b]", names, err)
	}
	dup := filepath.Join(dir, "dup.txt")
	os.WriteFile(dup, []byte("a\nb\na\n"), 0o644)
	if _, err := ReadSplit(dup); !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), ":3:") {
		t.Errorf("error = %v, want a malformed error at line 3", err)
	}
	if _, err := ReadSplit(filepath.Join(dir, "missing.txt")); err == nil {
		t.Error("missing file gave no error")
	}
}
