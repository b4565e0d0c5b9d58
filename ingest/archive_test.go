package ingest

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"errors"
	"io"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
)

// archiveEntry is one entry of an archive that a test builds. typ is a tar
// type flag, tar.TypeReg when zero; zipBytes turns it into a file mode.
// zeros, when positive, replaces body with that many zero bytes.
type archiveEntry struct {
	name, body string
	typ        byte
	linkname   string
	zeros      int64
}

// content returns the content of a regular entry.
func (e archiveEntry) content() io.Reader {
	if e.zeros > 0 {
		return io.LimitReader(zeroReader{}, e.zeros)
	}
	return strings.NewReader(e.body)
}

func (e archiveEntry) size() int64 {
	if e.zeros > 0 {
		return e.zeros
	}
	return int64(len(e.body))
}

type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// zipBytes returns a zip archive of entries, in their order.
func zipBytes(t testing.TB, entries []archiveEntry) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, e := range entries {
		fh := &zip.FileHeader{Name: e.name, Method: zip.Deflate}
		modes := map[byte]fs.FileMode{tar.TypeDir: fs.ModeDir | 0o755, tar.TypeSymlink: fs.ModeSymlink | 0o777,
			tar.TypeChar: fs.ModeDevice | fs.ModeCharDevice | 0o644, tar.TypeBlock: fs.ModeDevice | 0o644, tar.TypeFifo: fs.ModeNamedPipe | 0o644}
		mode, ok := modes[e.typ]
		if !ok {
			mode = 0o644
		}
		fh.SetMode(mode)
		w, err := zw.CreateHeader(fh)
		if err != nil {
			t.Fatal(err)
		}
		content := e.content()
		if e.typ == tar.TypeSymlink {
			content = strings.NewReader(e.linkname)
		}
		if _, err := io.Copy(w, content); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// tarBytes returns a tar archive of entries, in their order, gzip-compressed
// when compress is set.
func tarBytes(t testing.TB, entries []archiveEntry, compress bool) []byte {
	t.Helper()
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	for _, e := range entries {
		hdr := &tar.Header{Name: e.name, Typeflag: e.typ, Linkname: e.linkname, Mode: 0o644}
		if e.typ == tar.TypeXGlobalHeader {
			hdr = &tar.Header{Typeflag: e.typ, PAXRecords: map[string]string{"comment": "as git archive writes one"}}
		}
		if e.typ == 0 {
			hdr.Typeflag = tar.TypeReg
			hdr.Size = e.size()
		}
		if err := tw.WriteHeader(hdr); err != nil {
			t.Fatal(err)
		}
		if hdr.Size > 0 {
			if _, err := io.Copy(tw, e.content()); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if compress {
		return gzipBytes(t, buf.Bytes())
	}
	return buf.Bytes()
}

// archiveFormats builds the same entries as each archive format that
// ingest reads, under its usual file name.
var archiveFormats = []struct {
	name  string
	build func(testing.TB, []archiveEntry) []byte
}{
	{"corpus.zip", zipBytes},
	{"corpus.tar.gz", func(t testing.TB, e []archiveEntry) []byte { return tarBytes(t, e, true) }},
	{"corpus.tar", func(t testing.TB, e []archiveEntry) []byte { return tarBytes(t, e, false) }},
}

// readArchiveDocs writes an archive to a new folder and reads it with cfg,
// extracting into a TempDir of its own that must be empty afterwards. It
// returns the archive path, the source of each document ("member" or
// "member:line", without the "ARCHIVE!/" prefix) and the problems.
func readArchiveDocs(t *testing.T, name string, data []byte, cfg ReadConfig) (string, []Document, []string, []Problem) {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	writeRaw(t, path, data)
	cfg.TempDir = t.TempDir()
	docs, problems := readAllDocs(t, []string{path}, cfg)
	checkEmptyDir(t, cfg.TempDir)

	var sources []string
	for _, d := range docs {
		source, ok := strings.CutPrefix(d.SourcePath, path+"!/")
		if !ok {
			t.Errorf("source path %q does not start with %q", d.SourcePath, path+"!/")
		}
		if d.SourceLine > 0 {
			source += ":" + strconv.Itoa(d.SourceLine)
		}
		sources = append(sources, source)
		if err := checkDocument(d); err != nil {
			t.Errorf("%s: %v", d.SourcePath, err)
		}
	}
	return path, docs, sources, problems
}

func TestReadArchiveMembers(t *testing.T) {
	entries := []archiveEntry{
		{name: "z.txt", body: "Zed."},
		{name: "brat/a.txt", body: "LiCoO2 was heated.\n"},
		{name: "brat/a.ann", body: "T1\tMaterial 0 6\tLiCoO2\n"},
		{name: "dir/", typ: tar.TypeDir},
		{name: "dir/b.xml.gz", body: string(gzipBytes(t, []byte("<article><body><p>B.</p></body></article>")))},
		{name: "c.jsonl", body: `{"title": "C1"}` + "\n" + `{"title": "C2"}`},
		{name: "table.csv", body: "not read"},
		{name: ".hidden.txt", body: "not read"},
		{name: "./d.txt", body: "D."},
		{name: "pax_global_header", typ: tar.TypeXGlobalHeader},
	}
	wantSources := []string{"brat/a.txt", "c.jsonl:1", "c.jsonl:2", "d.txt", "dir/b.xml.gz", "z.txt"}
	wantFormats := []Format{FormatBrat, FormatS2ORC, FormatS2ORC, FormatText, FormatJATS, FormatText}
	for _, format := range archiveFormats {
		t.Run(format.name, func(t *testing.T) {
			_, docs, sources, problems := readArchiveDocs(t, format.name, format.build(t, entries), ReadConfig{})
			if !slices.Equal(sources, wantSources) {
				t.Errorf("documents from %q, want %q", sources, wantSources)
			}
			if len(problems) != 0 {
				t.Errorf("problems = %v, want none", problems)
			}
			for i, d := range docs {
				if i < len(wantFormats) && d.Format != wantFormats[i] {
					t.Errorf("%s: format %q, want %q", d.SourcePath, d.Format, wantFormats[i])
				}
			}
			if len(docs) > 0 && (docs[0].Gold == nil || len(docs[0].Gold.Spans) != 1) {
				t.Errorf("brat gold = %+v, want one span", docs[0].Gold)
			}
		})
	}
}

func TestReadArchiveDetection(t *testing.T) {
	entries := []archiveEntry{{name: "a.txt", body: "A."}}
	dir := t.TempDir()
	files := map[string][]byte{
		"named/zip.bin":    zipBytes(t, entries),
		"named/targz.bin":  tarBytes(t, entries, true),
		"named/tar.bin":    tarBytes(t, entries, false),
		"folder/x.ZIP":     zipBytes(t, entries),
		"folder/y.tgz":     tarBytes(t, entries, true),
		"folder/z.tar.gz":  tarBytes(t, entries, true),
		"folder/w.tar":     tarBytes(t, entries, false),
		"folder/v.zip.gz":  gzipBytes(t, zipBytes(t, entries)),
		"folder/u.bin":     zipBytes(t, entries),
		"folder/t.txt.zip": zipBytes(t, entries),
	}
	for name, data := range files {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		writeRaw(t, filepath.Join(dir, name), data)
	}

	paths := []string{filepath.Join(dir, "named", "zip.bin"), filepath.Join(dir, "named", "targz.bin"),
		filepath.Join(dir, "named", "tar.bin"), filepath.Join(dir, "folder")}
	cfg := ReadConfig{TempDir: t.TempDir()}
	docs, problems := readAllDocs(t, paths, cfg)

	var got []string
	for _, d := range docs {
		rel, err := filepath.Rel(dir, d.SourcePath)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, filepath.ToSlash(rel))
	}
	want := []string{"named/zip.bin!/a.txt", "named/targz.bin!/a.txt", "named/tar.bin!/a.txt",
		"folder/t.txt.zip!/a.txt", "folder/w.tar!/a.txt", "folder/x.ZIP!/a.txt", "folder/y.tgz!/a.txt", "folder/z.tar.gz!/a.txt"}
	if !slices.Equal(got, want) {
		t.Errorf("documents from %q, want %q", got, want)
	}
	if len(problems) != 0 {
		t.Errorf("problems = %v, want none", problems)
	}
	checkEmptyDir(t, cfg.TempDir)
}

func TestReadArchiveRejectedEntries(t *testing.T) {
	good := archiveEntry{name: "good.txt", body: "Good."}
	tests := []struct {
		name       string
		zip        bool // the case is built as zip; else as tar.gz
		entry      archiveEntry
		wantPath   string // the member part of the Problem path; entry.name when empty
		wantReason string
	}{
		{"zip absolute", true, archiveEntry{name: "/tmp/evil.txt", body: "x"}, "", "its path is absolute"},
		{"zip parent", true, archiveEntry{name: "../evil.txt", body: "x"}, "", `its path has a ".." component`},
		{"zip inner parent", true, archiveEntry{name: "a/../../evil.txt", body: "x"}, "", `its path has a ".." component`},
		{"zip backslash", true, archiveEntry{name: `..\evil.txt`, body: "x"}, "", "its name contains a backslash"},
		{"zip invalid UTF-8", true, archiveEntry{name: "bad\xff.txt", body: "x"}, `"bad\xff.txt"`, "its name is not valid UTF-8"},
		{"zip NUL", true, archiveEntry{name: "nul\x00.txt", body: "x"}, `"nul\x00.txt"`, "its name contains a NUL byte"},
		{"zip control", true, archiveEntry{name: "line\n.txt", body: "x"}, `"line\n.txt"`, "its name contains a control character"},
		{"zip symlink", true, archiveEntry{name: "link.txt", typ: tar.TypeSymlink, linkname: "/etc/passwd"}, "", "symbolic link"},
		{"zip device", true, archiveEntry{name: "dev", typ: tar.TypeChar}, "", "device"},
		{"zip FIFO", true, archiveEntry{name: "fifo", typ: tar.TypeFifo}, "", "FIFO"},
		{"tar absolute", false, archiveEntry{name: "/tmp/evil.txt", body: "x"}, "", "its path is absolute"},
		{"tar parent", false, archiveEntry{name: "../evil.txt", body: "x"}, "", `its path has a ".." component`},
		{"tar symlink", false, archiveEntry{name: "link.txt", typ: tar.TypeSymlink, linkname: "../../evil.txt"}, "", "symbolic link"},
		{"tar hard link", false, archiveEntry{name: "hard.txt", typ: tar.TypeLink, linkname: "good.txt"}, "", "hard link"},
		{"tar char device", false, archiveEntry{name: "dev", typ: tar.TypeChar}, "", "device"},
		{"tar block device", false, archiveEntry{name: "blk", typ: tar.TypeBlock}, "", "device"},
		{"tar FIFO", false, archiveEntry{name: "fifo", typ: tar.TypeFifo}, "", "FIFO"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries := []archiveEntry{tt.entry, good}
			name, data := "corpus.tar.gz", []byte(nil)
			if tt.zip {
				name, data = "corpus.zip", zipBytes(t, entries)
			} else {
				data = tarBytes(t, entries, true)
			}
			path, _, sources, problems := readArchiveDocs(t, name, data, ReadConfig{})

			if !slices.Equal(sources, []string{"good.txt"}) {
				t.Errorf("documents from %q, want only good.txt", sources)
			}
			wantPath := tt.wantPath
			if wantPath == "" {
				wantPath = tt.entry.name
			}
			if len(problems) != 1 {
				t.Fatalf("problems = %v, want one", problems)
			}
			if got := problems[0].Path; got != path+"!/"+wantPath {
				t.Errorf("problem path = %q, want %q", got, path+"!/"+wantPath)
			}
			if got := problems[0].Reason; !strings.HasPrefix(got, ErrInsecureEntry.Error()+": ") || !strings.Contains(got, tt.wantReason) {
				t.Errorf("reason = %q, want %q after %q", got, tt.wantReason, ErrInsecureEntry)
			}
			if _, err := os.Lstat(filepath.Join(filepath.Dir(path), "..", "evil.txt")); err == nil {
				t.Errorf("evil.txt was written outside the extraction folder")
			}
		})
	}
}

func TestReadArchiveCaps(t *testing.T) {
	bomb := []archiveEntry{{name: "a.txt", body: "A."}, {name: "bomb.txt", zeros: 100 << 20}, {name: "c.txt", body: "C."}}
	var many []archiveEntry
	for i := range 50 {
		many = append(many, archiveEntry{name: "f" + strconv.Itoa(100 + i)[1:] + ".txt", body: "File " + strconv.Itoa(i) + "."})
	}
	tarGz := func(t testing.TB, e []archiveEntry) []byte { return tarBytes(t, e, true) }
	tests := []struct {
		name        string
		build       func(testing.TB, []archiveEntry) []byte
		entries     []archiveEntry
		cfg         ReadConfig
		wantDocs    int
		wantProblem string // the member and the start of the reason; empty for none
	}{
		{"zip bomb", zipBytes, bomb, ReadConfig{MaxFileBytes: 1 << 20}, 1,
			"bomb.txt: input too large: with this member of 104857600 bytes, the members add up to more than 1048576 bytes"},
		{"tar.gz bomb", tarGz, bomb, ReadConfig{MaxFileBytes: 1 << 20}, 1,
			"bomb.txt: input too large: with this member of 104857600 bytes, the members add up to more than 1048576 bytes"},
		{"sizes at the cap", zipBytes, many[:3], ReadConfig{MaxFileBytes: 21}, 3, ""},
		{"sizes past the cap", zipBytes, many[:3], ReadConfig{MaxFileBytes: 20}, 2,
			"f02.txt: input too large: with this member of 7 bytes, the members add up to more than 20 bytes"},
		{"tar.gz entries", tarGz, many, ReadConfig{MaxArchiveEntries: 10}, 10,
			"f10.txt: input too large: the archive has more than 10 entries, so this entry and the ones after it are not read; raise --max-archive-entries (ReadConfig.MaxArchiveEntries)"},
		{"zip entries", zipBytes, many, ReadConfig{MaxArchiveEntries: 10}, 10,
			"f10.txt: input too large: the archive has more than 10 entries"},
		{"entries at the cap", tarGz, many[:10], ReadConfig{MaxArchiveEntries: 10}, 10, ""},
		{"default entries", tarGz, many, ReadConfig{}, 50, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path, docs, _, problems := readArchiveDocs(t, "corpus.archive", tt.build(t, tt.entries), tt.cfg)
			if len(docs) != tt.wantDocs {
				t.Errorf("documents = %d, want %d", len(docs), tt.wantDocs)
			}
			switch {
			case tt.wantProblem == "" && len(problems) != 0:
				t.Errorf("problems = %v, want none", problems)
			case tt.wantProblem != "" && (len(problems) != 1 || !strings.HasPrefix(problems[0].String(), path+"!/"+tt.wantProblem)):
				t.Errorf("problems = %v, want one starting %q", problems, path+"!/"+tt.wantProblem)
			}
			for _, p := range problems {
				if !strings.Contains(p.Reason, ErrTooLarge.Error()) {
					t.Errorf("problem %q does not wrap ErrTooLarge", p)
				}
			}
		})
	}
}

func TestReadArchiveNested(t *testing.T) {
	inner := []archiveEntry{{name: "inner.txt", body: "Inner."}}
	entries := []archiveEntry{
		{name: "a.txt", body: "A."},
		{name: "inner.zip", body: string(zipBytes(t, inner))},
		{name: "inner.tar.gz", body: string(tarBytes(t, inner, true))},
		{name: "disguised.txt", body: string(zipBytes(t, inner))},
	}
	for _, format := range archiveFormats {
		t.Run(format.name, func(t *testing.T) {
			path, _, sources, problems := readArchiveDocs(t, format.name, format.build(t, entries), ReadConfig{})
			if !slices.Equal(sources, []string{"a.txt"}) {
				t.Errorf("documents from %q, want only a.txt", sources)
			}
			var got []string
			for _, p := range problems {
				if !strings.Contains(p.Reason, ErrNestedArchive.Error()) {
					t.Errorf("problem %q does not wrap ErrNestedArchive", p)
				}
				got = append(got, strings.TrimPrefix(p.Path, path+"!/"))
			}
			if want := []string{"disguised.txt", "inner.tar.gz", "inner.zip"}; !slices.Equal(got, want) {
				t.Errorf("problems for %q, want %q", got, want)
			}
		})
	}
}

func TestReadArchiveBroken(t *testing.T) {
	long := strings.Repeat("Some words of a longer member. ", 4000)
	full := tarBytes(t, []archiveEntry{{name: "a.txt", body: "A."}, {name: "b.txt", body: long}}, false)
	tests := []struct {
		name        string
		file        string
		data        []byte
		wantSources []string
		wantText    string // the text of the one document; empty when there is none
		wantProblem string // a part of one problem; every case has at least one
	}{
		{"not a zip", "broken.zip", []byte("not a zip file"), nil, "", "broken.zip: read zip archive: zip: not a valid zip file"},
		{"not a tar", "broken.tar", []byte("not a tar file"), nil, "", "broken.tar: read tar archive after 0 entries: unexpected EOF"},
		{"truncated tar", "cut.tar", full[:3000], []string{"a.txt"}, "A.", "cut.tar!/b.txt: extract: unexpected EOF"},
		{"duplicate", "dup.tar", tarBytes(t, []archiveEntry{{name: "a.txt", body: "First."}, {name: "a.txt", body: "Second."}}, false),
			[]string{"a.txt"}, "First.", "dup.tar!/a.txt: malformed input: duplicate name; the member of the same name before it is kept"},
		{"file then folder", "clash.zip", zipBytes(t, []archiveEntry{{name: "a", body: "A."}, {name: "a/b.txt", body: "B."}}),
			nil, "", "clash.zip!/a/b.txt: extract: mkdirat a: file exists"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, docs, sources, problems := readArchiveDocs(t, tt.file, tt.data, ReadConfig{})
			if !slices.Equal(sources, tt.wantSources) {
				t.Errorf("documents from %q, want %q", sources, tt.wantSources)
			}
			if len(docs) == 1 && docs[0].Text != tt.wantText {
				t.Errorf("text = %q, want %q", docs[0].Text, tt.wantText)
			}
			found := false
			for _, p := range problems {
				found = found || strings.Contains(p.String(), tt.wantProblem)
			}
			if !found {
				t.Errorf("problems = %v, want one containing %q", problems, tt.wantProblem)
			}
		})
	}
}

func TestReadArchiveEmitError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "corpus.zip")
	writeRaw(t, path, zipBytes(t, []archiveEntry{{name: "a.txt", body: "A."}}))
	tmp := t.TempDir()
	errFull := errors.New("disk full")
	err := Walk([]string{path}, ReadConfig{TempDir: tmp}, func(Document) error { return errFull }, nil)
	if !errors.Is(err, errFull) || !strings.Contains(err.Error(), path+"!/a.txt") {
		t.Errorf("error = %v, want the emit error naming %s!/a.txt", err, path)
	}
	checkEmptyDir(t, tmp)
}

// TestArchiveMatchesFiles reads real brat pairs and a JATS article once as
// files and once from a zip and a tar.gz archive of them.
func TestArchiveMatchesFiles(t *testing.T) {
	brat := filepath.Join(sharedData(t, "mspt"), "brat")
	article := filepath.Join(sharedData(t, "elife-jats"), "elife00005.xml.gz")
	texts, err := filepath.Glob(filepath.Join(brat, "*.txt"))
	if err != nil || len(texts) < 3 {
		t.Fatalf("brat .txt files in %s: %v, %v", brat, texts, err)
	}
	texts = texts[:3]

	var entries []archiveEntry
	members := map[string]string{} // file path → member name
	for _, file := range append(slices.Clone(texts), article) {
		group := "elife/"
		if strings.HasSuffix(file, ".txt") {
			group = "brat/"
			ann := strings.TrimSuffix(file, ".txt") + ".ann"
			entries = append(entries, archiveEntry{name: group + filepath.Base(ann), body: readString(t, ann)})
		}
		members[file] = group + filepath.Base(file)
		entries = append(entries, archiveEntry{name: members[file], body: readString(t, file)})
	}
	direct, problems := readAllDocs(t, append(slices.Clone(texts), article), ReadConfig{})
	if len(direct) != 4 || len(problems) != 0 {
		t.Fatalf("read %d documents with problems %v from the files, want 4 and none", len(direct), problems)
	}
	for _, d := range direct[:3] {
		if d.Gold == nil || len(d.Gold.Spans) == 0 {
			t.Fatalf("%s: no gold spans; want the brat pair read", d.SourcePath)
		}
	}

	for _, format := range archiveFormats[:2] {
		t.Run(format.name, func(t *testing.T) {
			path, docs, _, problems := readArchiveDocs(t, format.name, format.build(t, entries), ReadConfig{})
			if len(problems) != 0 {
				t.Errorf("problems = %v, want none", problems)
			}
			byID := map[string]Document{}
			for _, d := range docs {
				byID[d.ID] = d
			}
			for _, want := range direct {
				got, ok := byID[want.ID]
				if !ok {
					t.Errorf("%s: document %s missing from the archive", want.SourcePath, want.ID)
					continue
				}
				if wantSource := path + "!/" + members[want.SourcePath]; got.SourcePath != wantSource {
					t.Errorf("source path = %q, want %q", got.SourcePath, wantSource)
				}
				got.SourcePath = want.SourcePath
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%s: the document read from the archive differs from the file's", want.SourcePath)
				}
			}
		})
	}
}

func readString(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// FuzzArchive reads fuzzed bytes as an archive. It checks that nothing
// panics, that every document passes checkDocument and names a member of
// the archive, and that nothing is left or written beside the archive and
// the extraction parent folder, which must be empty afterwards.
func FuzzArchive(f *testing.F) {
	seeds := [][]archiveEntry{
		{{name: "a.txt", body: "A.\n\nB."}, {name: "d/b.ann", body: "T1\tX 0 1\tB\n"}, {name: "d/b.txt", body: "B."}},
		{{name: "../evil.txt", body: "x"}, {name: "/abs.txt", body: "x"}, {name: "l", typ: tar.TypeSymlink, linkname: "/etc"}},
		{{name: "x.jsonl", body: `{"title": "T"}`}, {name: "y.xml", body: "<article><body><p>P.</p></body></article>"}},
		{{name: "d/", typ: tar.TypeDir}, {name: "d", body: "clash"}, {name: "n.zip", body: "PK\x03\x04"}},
	}
	for _, entries := range seeds {
		f.Add(zipBytes(f, entries))
		f.Add(tarBytes(f, entries, true))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		base := t.TempDir()
		path := filepath.Join(base, "in")
		writeRaw(t, path, data)
		tmp := filepath.Join(base, "tmp")
		if err := os.Mkdir(tmp, 0o700); err != nil {
			t.Fatal(err)
		}
		cfg := ReadConfig{TempDir: tmp, MaxFileBytes: 1 << 20, MaxArchiveEntries: 64}
		err := Walk([]string{path}, cfg, func(d Document) error {
			if err := checkDocument(d); err != nil {
				t.Fatalf("%s: %v", d.SourcePath, err)
			}
			if !strings.HasPrefix(d.SourcePath, path+"!/") && d.SourcePath != path {
				t.Fatalf("source path %q is not the input or a member of it", d.SourcePath)
			}
			return nil
		}, func(p Problem) {
			if p.Reason == "" || strings.Contains(p.Reason, tmp) || strings.Contains(p.Path, tmp) {
				t.Fatalf("problem %q has no reason or names the extraction folder", p)
			}
		})
		if err != nil {
			t.Fatalf("Walk: %v", err)
		}
		checkEmptyDir(t, tmp)
		entries, err := os.ReadDir(base)
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 2 {
			t.Fatalf("%d entries beside the input, want the input and the extraction parent", len(entries))
		}
	})
}

// deadPID is a process id that no process can have: Linux caps process ids
// at 2^22 (PID_MAX_LIMIT on 64-bit systems).
const deadPID = math.MaxInt32

func TestReadArchiveRemovesStaleFolders(t *testing.T) {
	if err := syscall.Kill(deadPID, 0); !errors.Is(err, syscall.ESRCH) {
		t.Skipf("kill(%d, 0) = %v, want ESRCH", deadPID, err)
	}
	tmp := t.TempDir()
	dead, self, parent := strconv.Itoa(deadPID), strconv.Itoa(os.Getpid()), strconv.Itoa(os.Getppid())
	folders := map[string]bool{ // name: removed
		"litmine-archive-" + dead + "-123":       true,
		"litmine-archive-" + self + "-4":         false,
		"litmine-archive-" + parent + "-5":       false,
		"litmine-archive-1234567":                false, // without a process id, as older versions named them
		"litmine-archive-" + dead + "-x":         false,
		"litmine-archive-0-6":                    false,
		"litmine-archive-99999999999-7":          false,
		"litmine-pdf-" + dead + "-8.pdf":         false, // a folder, not a file
		"other-archive-" + dead + "-9":           false,
		"litmine-archive-" + dead + "-10-suffix": false,
	}
	files := map[string]bool{
		"litmine-pdf-" + dead + "-11.pdf":   true,
		"litmine-pdf-" + self + "-12.pdf":   false,
		"litmine-archive-" + dead + "-13":   false, // a file, not a folder
		"litmine-stdin-" + dead + "-14.pdf": false,
	}
	for name := range folders {
		writeFiles(t, filepath.Join(tmp, name), map[string]string{"sub/member.txt": "Extracted text."})
	}
	for name := range files {
		writeRaw(t, filepath.Join(tmp, name), []byte("%PDF-1.4"))
	}
	archive := filepath.Join(t.TempDir(), "corpus.zip")
	writeRaw(t, archive, zipBytes(t, []archiveEntry{{name: "a.txt", body: "Text."}}))

	var during []string
	_, err := readAllDocsEmit(t, []string{archive}, ReadConfig{TempDir: tmp}, func(Document) {
		entries, _ := os.ReadDir(tmp)
		for _, e := range entries {
			during = append(during, e.Name())
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	extraction := regexp.MustCompile(`^litmine-archive-` + self + `-[0-9]+$`)
	if !slices.ContainsFunc(during, extraction.MatchString) {
		t.Errorf("no extraction folder named for process %s while reading; %s held %q", self, tmp, during)
	}
	for name, removed := range mergeMaps(folders, files) {
		_, err := os.Lstat(filepath.Join(tmp, name))
		if gone := errors.Is(err, fs.ErrNotExist); gone != removed || slices.Contains(during, name) == removed {
			t.Errorf("%s: removed = %v, there while reading = %v; want removed = %v", name, gone, slices.Contains(during, name), removed)
		}
	}
}

// readAllDocsEmit walks paths and calls each for every document.
func readAllDocsEmit(t *testing.T, paths []string, cfg ReadConfig, each func(Document)) ([]Problem, error) {
	t.Helper()
	var problems []Problem
	err := Walk(paths, cfg, func(d Document) error {
		each(d)
		return nil
	}, func(p Problem) { problems = append(problems, p) })
	for _, p := range problems {
		t.Errorf("problem: %s", p)
	}
	return problems, err
}

func mergeMaps(a, b map[string]bool) map[string]bool {
	merged := maps.Clone(a)
	maps.Copy(merged, b)
	return merged
}

func TestRemoveStaleTempsOnce(t *testing.T) {
	tmp := t.TempDir()
	removeStaleTemps(tmp)
	stale := filepath.Join(tmp, "litmine-archive-"+strconv.Itoa(deadPID)+"-1")
	if err := os.Mkdir(stale, 0o700); err != nil {
		t.Fatal(err)
	}
	removeStaleTemps(tmp)
	if _, err := os.Stat(stale); err != nil {
		t.Errorf("a folder swept before was swept again: %v", err)
	}
}
