package synthcorpus

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// filesPerFolder keeps folders small enough for any file system.
const filesPerFolder = 1000

// recordsPerFile is the number of JSON records in each JSON-lines file.
const recordsPerFile = 10000

type writer struct {
	dir   string
	src   *sources
	stats Stats
}

func (w *writer) create(rel string) (*os.File, error) {
	path := filepath.Join(w.dir, rel)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	return os.Create(path)
}

func (w *writer) writeFile(rel string, data []byte) error {
	f, err := w.create(rel)
	if err != nil {
		return err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	w.stats.Files++
	w.stats.Bytes += int64(len(data))
	return f.Close()
}

// jsonLines writes n records made by copyRecord into gzip-compressed JSON
// lines files named prefix-NNNN.jsonl.gz.
func (w *writer) jsonLines(prefix string, n int, copyRecord func(k int) map[string]any) error {
	for start := 0; start < n; start += recordsPerFile {
		f, err := w.create(fmt.Sprintf("%s/%s-%04d.jsonl.gz", prefix, prefix, start/recordsPerFile))
		if err != nil {
			return err
		}
		zw := gzip.NewWriter(f)
		bw := bufio.NewWriter(zw)
		enc := json.NewEncoder(bw)
		for k := start; k < min(start+recordsPerFile, n); k++ {
			if err := enc.Encode(copyRecord(k)); err != nil {
				f.Close()
				return err
			}
			w.stats.Documents++
		}
		if err := closeAll(bw, zw, f); err != nil {
			return err
		}
		if st, err := os.Stat(f.Name()); err == nil {
			w.stats.Bytes += st.Size()
		}
		w.stats.Files++
	}
	return nil
}

func closeAll(bw *bufio.Writer, zw *gzip.Writer, f *os.File) error {
	err := bw.Flush()
	if e := zw.Close(); err == nil {
		err = e
	}
	if e := f.Close(); err == nil {
		err = e
	}
	return err
}

// copyJSON returns a deep copy of a decoded JSON record.
func copyJSON(rec map[string]any) map[string]any {
	data, _ := json.Marshal(rec)
	var out map[string]any
	json.Unmarshal(data, &out)
	return out
}

func (w *writer) metadata(n int) error {
	return w.jsonLines("arxiv-metadata", n, func(k int) map[string]any {
		rec := copyJSON(w.src.metadata[k%len(w.src.metadata)])
		rec["id"] = fmt.Sprintf("%v.m%d", rec["id"], k)
		if doi, ok := rec["doi"].(string); ok && doi != "" {
			rec["doi"] = doi + ".m" + strconv.Itoa(k)
		}
		rec["abstract"] = fmt.Sprintf("%v (Copy %d.)", rec["abstract"], k)
		return rec
	})
}

func (w *writer) papers(n int) error {
	return w.jsonLines("unarxive", n, func(k int) map[string]any {
		rec := copyJSON(w.src.unarxive[k%len(w.src.unarxive)])
		rec["paper_id"] = fmt.Sprintf("%v.u%d", rec["paper_id"], k)
		if meta, ok := rec["metadata"].(map[string]any); ok {
			meta["id"] = fmt.Sprintf("%v.u%d", meta["id"], k)
			if doi, ok := meta["doi"].(string); ok && doi != "" {
				meta["doi"] = doi + ".u" + strconv.Itoa(k)
			}
		}
		if body, ok := rec["body_text"].([]any); ok && len(body) > 0 {
			if p, ok := body[0].(map[string]any); ok {
				p["text"] = fmt.Sprintf("%v (Copy %d.)", p["text"], k)
			}
		}
		return rec
	})
}

// brat writes copies of MSPT procedures. The DOI on line 1 gets the copy
// number in place of its last characters, so that the line keeps its
// length and the .ann offsets stay valid.
func (w *writer) brat(n int) error {
	for k := 0; k < n; k++ {
		p := w.src.mspt[k%len(w.src.mspt)]
		doiLine, rest, _ := strings.Cut(p.txt, "\n")
		tag := "c" + strconv.Itoa(k)
		if len(doiLine) <= len(tag) {
			return fmt.Errorf("DOI line %q of %s is too short to tag", doiLine, p.name)
		}
		txt := doiLine[:len(doiLine)-len(tag)] + tag + "\n" + rest
		base := fmt.Sprintf("mspt/%04d/%s-%s", k/filesPerFolder, p.name, tag)
		if err := w.writeFile(base+".txt", []byte(txt)); err != nil {
			return err
		}
		if err := w.writeFile(base+".ann", []byte(p.ann)); err != nil {
			return err
		}
		w.stats.Documents++
	}
	return nil
}

func (w *writer) text(n int) error {
	for k := 0; k < n; k++ {
		txt := w.src.sofc[k%len(w.src.sofc)] + fmt.Sprintf("\n\nCopy %d.\n", k)
		if err := w.writeFile(fmt.Sprintf("sofc/%04d/article-%d.txt", k/filesPerFolder, k), []byte(txt)); err != nil {
			return err
		}
		w.stats.Documents++
	}
	return nil
}

func (w *writer) jats(n int) error {
	for k := 0; k < n; k++ {
		xml := w.src.elife[k%len(w.src.elife)]
		xml = strings.Replace(xml, `pub-id-type="doi">10.`, fmt.Sprintf(`pub-id-type="doi">10.9999/copy%d-`, k), 1)
		xml = strings.Replace(xml, "<article-title>", fmt.Sprintf("<article-title>Copy %d: ", k), 1)
		var b strings.Builder
		zw := gzip.NewWriter(&b)
		zw.Write([]byte(xml))
		zw.Close()
		if err := w.writeFile(fmt.Sprintf("elife/%04d/article-%d.xml.gz", k/filesPerFolder, k), []byte(b.String())); err != nil {
			return err
		}
		w.stats.Documents++
	}
	return nil
}
