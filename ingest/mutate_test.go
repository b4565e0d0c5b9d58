package ingest

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// mutationsPerFormat is the number of damaged records mixed with good ones
// for each format. The environment variable LITMINE_MUTATIONS overrides it;
// bench/robustness.sh runs 1,000.
func mutationsPerFormat(t *testing.T) int {
	if s := os.Getenv("LITMINE_MUTATIONS"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n <= 0 {
			t.Fatalf("LITMINE_MUTATIONS=%q is not a positive number", s)
		}
		return n
	}
	if testing.Short() {
		return 20
	}
	return 150
}

// mutate damages data in one of several ways: flipped bytes, a cut, a
// deleted or repeated range, inserted syntax characters or invalid UTF-8.
func mutate(rng *rand.Rand, data []byte) []byte {
	out := append([]byte(nil), data...)
	if len(out) == 0 {
		return []byte{0xff}
	}
	for edits := 1 + rng.IntN(3); edits > 0; edits-- {
		i := rng.IntN(len(out))
		switch rng.IntN(6) {
		case 0:
			out[i] ^= byte(1 + rng.IntN(255))
		case 1:
			out = out[:i]
		case 2:
			j := min(len(out), i+1+rng.IntN(64))
			out = append(out[:i], out[j:]...)
		case 3:
			j := min(len(out), i+1+rng.IntN(64))
			out = append(out[:j], append(append([]byte(nil), out[i:j]...), out[j:]...)...)
		case 4:
			junk := [][]byte{{'<'}, {'"'}, {'{'}, {'}'}, {'\t'}, {'\n'}, {0}, {0xff, 0xfe}, []byte("<!ENTITY"), {0xc3}}
			ins := junk[rng.IntN(len(junk))]
			out = append(out[:i], append(append([]byte(nil), ins...), out[i:]...)...)
		default:
			out = append(out, []byte("\xed\xa0\x80")...) // an encoded surrogate, invalid UTF-8
		}
		if len(out) == 0 {
			out = []byte{'{'}
		}
	}
	return out
}

// mutationCase is one format: how to write a good record carrying a marker,
// and where its files go.
type mutationCase struct {
	name string
	// files returns the files of one record, by name relative to the
	// corpus folder; marker must appear in the document text.
	files func(i int, marker string) map[string][]byte
	// lines is true when all records share one JSON-lines file.
	lines bool
}

func mutationCases() []mutationCase {
	return []mutationCase{
		{name: "text", files: func(i int, marker string) map[string][]byte {
			return map[string][]byte{fmt.Sprintf("t%04d.txt", i): []byte("LiFePO4 was calcined at 700 °C.\n\nThe sample " + marker + " was cooled.\n")}
		}},
		{name: "brat", files: func(i int, marker string) map[string][]byte {
			txt := "10.1000/x" + strconv.Itoa(i) + "\nTitle\nNaCl " + marker + " was heated.\n"
			start := strings.Index(txt, "NaCl")
			ann := fmt.Sprintf("T1\tMaterial %d %d\tNaCl\nT2\tOperation %d %d\theated\nE1\tOperation:T2 Participant_Material:T1\n",
				start, start+4, strings.Index(txt, "heated"), strings.Index(txt, "heated")+6)
			base := fmt.Sprintf("b%04d", i)
			return map[string][]byte{base + ".txt": []byte(txt), base + ".ann": []byte(ann)}
		}},
		{name: "jats", files: func(i int, marker string) map[string][]byte {
			xml := `<?xml version="1.0" encoding="UTF-8"?><article><front><article-meta>` +
				`<article-id pub-id-type="doi">10.1000/j` + strconv.Itoa(i) + `</article-id>` +
				`<title-group><article-title>Paper ` + marker + `</article-title></title-group>` +
				`<abstract><p>An abstract about <italic>LiCoO2</italic>.</p></abstract></article-meta></front>` +
				`<body><sec><title>Methods</title><p>It was heated at 800 °C.</p></sec></body></article>`
			return map[string][]byte{fmt.Sprintf("j%04d.xml", i): []byte(xml)}
		}},
		{name: "zip", files: func(i int, marker string) map[string][]byte {
			return map[string][]byte{fmt.Sprintf("a%04d.zip", i): zipOf(map[string]string{
				"paper.txt": "The sample " + marker + " was calcined.\n", "notes/more.txt": "Second file.\n"})}
		}},
		{name: "tar.gz", files: func(i int, marker string) map[string][]byte {
			return map[string][]byte{fmt.Sprintf("a%04d.tar.gz", i): tarGzOf(map[string]string{
				"paper.txt": "The sample " + marker + " was calcined.\n"})}
		}},
		{name: "jsonl", lines: true, files: func(i int, marker string) map[string][]byte {
			line := fmt.Sprintf(`{"paper_id": "p%d", "metadata": {"title": "Paper %s"}, "abstract": {"text": "About LiCoO2."}, `+
				`"body_text": [{"section": "Intro", "text": "It was heated at %d K."}]}`, i, marker, 300+i)
			return map[string][]byte{"records.jsonl": []byte(line + "\n")}
		}},
	}
}

// TestMutatedInputs mixes damaged records with good ones for every format
// and reads the corpus: no panic, every good record kept, and exactly one
// problem line for each record that was rejected, naming a damaged record.
func TestMutatedInputs(t *testing.T) {
	n := mutationsPerFormat(t)
	for _, mc := range mutationCases() {
		t.Run(mc.name, func(t *testing.T) {
			dir := t.TempDir()
			rng := rand.New(rand.NewPCG(uint64(len(mc.name)), 11))
			good, damaged := writeMutationCorpus(t, dir, mc, n, rng)
			checkMutationCorpus(t, dir, mc, good, damaged)
		})
	}
}

// writeMutationCorpus writes n good and n damaged records and returns the
// good markers and the names (files, or line numbers for JSON lines) of the
// damaged records.
func writeMutationCorpus(t *testing.T, dir string, mc mutationCase, n int, rng *rand.Rand) (map[string]bool, map[string]bool) {
	good := map[string]bool{}
	damaged := map[string]bool{}
	var lines bytes.Buffer
	line := 0
	for i := 0; i < 2*n; i++ {
		marker := fmt.Sprintf("good%06d", i)
		bad := i%2 == 1
		for name, data := range mc.files(i, marker) {
			if bad {
				data = mutate(rng, data)
			}
			if mc.lines {
				data = bytes.ReplaceAll(bytes.TrimSuffix(data, []byte("\n")), []byte("\n"), []byte(" "))
				lines.Write(append(data, '\n'))
				line++
				if bad {
					damaged[strconv.Itoa(line)] = true
				}
				continue
			}
			if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
			if bad {
				damaged[name] = true
			}
		}
		if !bad {
			good[marker] = true
		}
	}
	if mc.lines {
		if err := os.WriteFile(filepath.Join(dir, "records.jsonl"), lines.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return good, damaged
}

func checkMutationCorpus(t *testing.T, dir string, mc mutationCase, good, damaged map[string]bool) {
	found := map[string]bool{}
	var problems []Problem
	err := Walk([]string{dir}, ReadConfig{}, func(d Document) error {
		for marker := range good {
			if strings.Contains(d.Text, marker) {
				found[marker] = true
			}
		}
		return nil
	}, func(p Problem) { problems = append(problems, p) })
	if err != nil {
		t.Fatal(err)
	}
	for marker := range good {
		if !found[marker] {
			t.Errorf("good record %s was not kept", marker)
		}
	}
	seen := map[string]bool{}
	for _, p := range problems {
		archive, _, _ := strings.Cut(p.Path, "!")
		key := filepath.Base(archive)
		if mc.lines {
			key = strconv.Itoa(p.Line)
		}
		switch {
		case !damaged[key] && !damaged[strings.TrimSuffix(key, ".ann")+".ann"] && !damaged[strings.TrimSuffix(key, ".txt")+".txt"]:
			t.Errorf("problem for a record that was not damaged: %s", p)
		case seen[fmt.Sprintf("%s:%d", p.Path, p.Line)]:
			t.Errorf("record reported twice: %s", p)
		}
		seen[fmt.Sprintf("%s:%d", p.Path, p.Line)] = true
	}
	if len(problems) == 0 {
		t.Errorf("no problem reported for %d damaged records", len(damaged))
	}
	t.Logf("%d good records kept, %d damaged records gave %d problem lines", len(found), len(damaged), len(problems))
}

func zipOf(files map[string]string) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	for _, name := range sortedKeys(files) {
		w, _ := zw.Create(name)
		w.Write([]byte(files[name]))
	}
	zw.Close()
	return b.Bytes()
}

func tarGzOf(files map[string]string) []byte {
	var b bytes.Buffer
	gz := gzip.NewWriter(&b)
	tw := tar.NewWriter(gz)
	for _, name := range sortedKeys(files) {
		tw.WriteHeader(&tar.Header{Name: name, Mode: 0o644, Size: int64(len(files[name])), Typeflag: tar.TypeReg})
		tw.Write([]byte(files[name]))
	}
	tw.Close()
	gz.Close()
	return b.Bytes()
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
