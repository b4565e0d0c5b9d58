package ingest

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"unicode"
	"unicode/utf8"

	"github.com/litmine/litmine/datasets"
)

// Errors wrapped in the Problems of archive entries.
var (
	// ErrInsecureEntry is wrapped when an archive entry is not extracted
	// because of its name: an absolute path, a ".." component, a backslash,
	// a control character, or a name that is empty or not valid UTF-8. It is
	// also wrapped for an entry of a type other than regular file or folder,
	// such as a symbolic or hard link, a device or a FIFO.
	ErrInsecureEntry = errors.New("archive entry rejected")

	// ErrNestedArchive is wrapped when a member of an archive is a zip or
	// tar archive itself. It is not read, because only one level of archives
	// is extracted.
	ErrNestedArchive = errors.New("archive inside an archive not read")
)

// archiveKind is the container format of an input file.
type archiveKind int

const (
	notArchive archiveKind = iota
	zipArchive
	tarArchive // plain or gzip-compressed
)

func (k archiveKind) String() string {
	switch k {
	case zipArchive:
		return "zip"
	case tarArchive:
		return "tar"
	}
	return "not an archive"
}

// zipMagic starts a zip file that has at least one entry.
var zipMagic = []byte("PK\x03\x04")

// tarMagicOffset is the offset of "ustar" in the header of a POSIX tar
// file, and archiveHeadBytes how much of a file archiveKindOf looks at.
const (
	tarMagicOffset   = 257
	archiveHeadBytes = 512
)

// archiveName returns the archive format that a file name states: zip for
// ".zip", tar for ".tar", ".tar.gz" and ".tgz", in any case.
func archiveName(name string) archiveKind {
	name = strings.ToLower(name)
	switch {
	case strings.HasSuffix(name, ".zip"):
		return zipArchive
	case strings.HasSuffix(name, ".tar"), strings.HasSuffix(name, ".tar.gz"), strings.HasSuffix(name, ".tgz"):
		return tarArchive
	}
	return notArchive
}

// archiveKindOf returns the archive format of in, from its name (see
// archiveName) or else its content: zip when the file starts with
// "PK\x03\x04", tar when "ustar" is at byte offset 257 after gzip
// decompression. Brat pairs and .ann files are never archives. A file that
// cannot be opened is not an archive here, so that the format readers
// report it. A gzip-compressed zip file is not an archive either: the zip
// reader needs random access to the raw file.
func archiveKindOf(in Input, cfg ReadConfig) archiveKind {
	if in.AnnPath != "" || isAnnName(in.Path) {
		return notArchive
	}
	if kind := archiveName(filepath.Base(in.Path)); kind != notArchive {
		return kind
	}
	src, err := openSource(in.Path, cfg)
	if err != nil {
		return notArchive
	}
	defer src.Close()
	head, _ := src.Peek(archiveHeadBytes)
	switch {
	case !src.compressed && bytes.HasPrefix(head, zipMagic):
		return zipArchive
	case len(head) >= tarMagicOffset+5 && string(head[tarMagicOffset:tarMagicOffset+5]) == "ustar":
		return tarArchive
	}
	return notArchive
}

// readArchive extracts the archive at path into a new folder under
// cfg.TempDir, named for this process (see tempPattern), reads that folder
// as Walk reads a directory input, and removes it, also after an error.
// Before that, it removes the extraction folders of runs that were killed
// (see removeStaleTemps). So members are read in the order of their sorted
// names, brat pairs in the archive are paired, and members ending in ".gz"
// are decompressed. Documents and problems name a member
// "ARCHIVE!/member/path".
//
// The extractor reports each entry it rejects (see ErrInsecureEntry) and
// goes on with the next one. Extraction stops with a Problem wrapping
// ErrTooLarge at the first entry past cfg.MaxArchiveEntries, or at the
// first member that makes the member sizes add up to more than
// cfg.MaxFileBytes. The members extracted before the stop are read. Members
// that are archives themselves are reported with ErrNestedArchive, because
// only one level of archives is read. cfg.Format applies to the members.
func readArchive(path string, kind archiveKind, cfg ReadConfig, s sink) error {
	if cfg.inArchive {
		s.problem(path, 0, "", fmt.Errorf("%w: this %s archive is a member of another archive; extract it and read the folder instead", ErrNestedArchive, kind))
		return nil
	}
	removeStaleTemps(cfg.TempDir)
	dir, err := os.MkdirTemp(cfg.TempDir, tempPattern("archive", ""))
	if err != nil {
		s.problem(path, 0, "", fmt.Errorf("create extraction folder: %w", err))
		return nil
	}
	defer func() {
		if err := os.RemoveAll(dir); err != nil {
			s.problem(path, 0, "", fmt.Errorf("remove extraction folder: %w", err))
		}
	}()

	if err := extract(path, kind, dir, cfg, s); err != nil && !errors.Is(err, errStopExtraction) {
		s.problem(path, 0, "", err)
	}

	members := cfg
	members.inArchive = true
	r := renamer{from: dir, to: path + "!"}
	err = walkInputs([]string{dir}, members, func(in Input) error {
		return ReadInput(in, members, r.emit(s.emit), r.report(s.report))
	}, r.report(s.report))
	return r.error(err)
}

// errStopExtraction ends an extraction whose reason was reported already.
var errStopExtraction = errors.New("extraction stopped")

// extract writes the entries of the archive at path into the folder dir,
// through an os.Root of dir. It reports each rejected entry and returns an
// error when the archive cannot be opened or read on, or errStopExtraction
// when a cap was passed.
func extract(path string, kind archiveKind, dir string, cfg ReadConfig, s sink) error {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return fmt.Errorf("open extraction folder: %w", err)
	}
	defer root.Close()
	x := &extractor{archive: path, root: root, cfg: cfg, sink: s}
	if kind == zipArchive {
		return x.extractZip()
	}
	return x.extractTar()
}

// extractor writes the entries of one archive and counts them against the
// caps of cfg.
type extractor struct {
	archive string // the archive path for problems
	root    *os.Root
	cfg     ReadConfig
	sink    sink
	entries int   // entries seen, including rejected ones
	bytes   int64 // sum of the sizes of the regular members extracted
}

// extractZip extracts a zip archive.
//
// NOTE: zip.NewReader reads the whole central directory into memory before
// the entry cap applies. Its size is bounded by the archive's size, since
// archive/zip rejects a directory that claims more records than the file
// can hold.
func (x *extractor) extractZip() error {
	f, err := openFile(x.archive, x.cfg)
	if err != nil {
		return fmt.Errorf("open zip archive: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return fmt.Errorf("open zip archive: %w", err)
	}
	// With GODEBUG=zipinsecurepath=0, NewReader returns ErrInsecurePath with
	// a usable reader; entryPath checks every name anyway.
	zr, err := zip.NewReader(f, info.Size())
	if err != nil && !errors.Is(err, zip.ErrInsecurePath) {
		return fmt.Errorf("read zip archive: %w", err)
	}
	for _, file := range zr.File {
		size := int64(math.MaxInt64)
		if file.UncompressedSize64 < math.MaxInt64 {
			size = int64(file.UncompressedSize64)
		}
		if err := x.entry(file.Name, zipEntryType(file.Mode()), size, file.Open); err != nil {
			return err
		}
	}
	return nil
}

// extractTar extracts a tar archive, gzip-compressed or not. The member
// sizes are capped by the extractor, not by the decompressed size of the
// whole stream.
func (x *extractor) extractTar() error {
	cfg := x.cfg
	cfg.MaxFileBytes = math.MaxInt64
	src, err := openSource(x.archive, cfg)
	if err != nil {
		return fmt.Errorf("open tar archive: %w", err)
	}
	defer src.Close()
	tr := tar.NewReader(src)
	open := func() (io.ReadCloser, error) { return io.NopCloser(tr), nil }
	for {
		hdr, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read tar archive after %d entries: %w", x.entries, err)
		}
		if hdr.Typeflag == tar.TypeXGlobalHeader {
			continue // PAX records for the entries after it, such as the commit id that git archive writes
		}
		if err := x.entry(hdr.Name, tarEntryType(hdr.Typeflag), hdr.Size, open); err != nil {
			return err
		}
	}
}

// entryType is the type of an archive entry.
type entryType int

const (
	entryFile entryType = iota
	entryFolder
	entrySymlink
	entryHardLink
	entryDevice
	entryFIFO
	entryOther
)

// zipEntryType returns the type of a zip entry with the file mode m.
func zipEntryType(m fs.FileMode) entryType {
	switch {
	case m.IsDir():
		return entryFolder
	case m&fs.ModeSymlink != 0:
		return entrySymlink
	case m&fs.ModeDevice != 0:
		return entryDevice
	case m&fs.ModeNamedPipe != 0:
		return entryFIFO
	case m.IsRegular():
		return entryFile
	}
	return entryOther
}

// tarEntryType returns the type of a tar entry with the type flag flag. A
// GNU sparse file is a regular file, and its size is the size it expands to.
func tarEntryType(flag byte) entryType {
	switch flag {
	case tar.TypeReg, tar.TypeGNUSparse:
		return entryFile
	case tar.TypeDir:
		return entryFolder
	case tar.TypeSymlink:
		return entrySymlink
	case tar.TypeLink:
		return entryHardLink
	case tar.TypeChar, tar.TypeBlock:
		return entryDevice
	case tar.TypeFifo:
		return entryFIFO
	}
	return entryOther
}

// check returns an error wrapping ErrInsecureEntry for the types that are
// not extracted.
func (t entryType) check() error {
	names := map[entryType]string{entrySymlink: "symbolic link", entryHardLink: "hard link", entryDevice: "device",
		entryFIFO: "FIFO", entryOther: "entry that is neither a regular file nor a folder"}
	if name, ok := names[t]; ok {
		return fmt.Errorf("%w: %s; only regular files and folders are extracted", ErrInsecureEntry, name)
	}
	return nil
}

// entry counts one entry and extracts it when its name and type are
// allowed, else reports it. open returns the content of a regular file. The
// error is errStopExtraction when a cap was passed.
func (x *extractor) entry(name string, typ entryType, size int64, open func() (io.ReadCloser, error)) error {
	x.entries++
	if x.entries > x.cfg.MaxArchiveEntries {
		x.problem(name, fmt.Errorf("%w: the archive has more than %d entries, so this entry and the ones after it are not read; raise --max-archive-entries (ReadConfig.MaxArchiveEntries) to read them",
			ErrTooLarge, x.cfg.MaxArchiveEntries))
		return errStopExtraction
	}
	rel, err := entryPath(name, typ == entryFolder)
	if err == nil {
		err = typ.check()
	}
	if err != nil {
		x.problem(name, err)
		return nil
	}

	if typ == entryFolder {
		if err := x.root.MkdirAll(rel, 0o700); err != nil {
			x.problem(name, fmt.Errorf("extract folder: %w", err))
		}
		return nil
	}
	if size > x.cfg.MaxFileBytes-x.bytes {
		x.problem(name, fmt.Errorf("%w: with this member of %d bytes, the members add up to more than %d bytes, so it and the ones after it are not read; raise --max-file-bytes (ReadConfig.MaxFileBytes) to read them",
			ErrTooLarge, size, x.cfg.MaxFileBytes))
		return errStopExtraction
	}
	x.bytes += size
	x.writeFile(name, rel, open)
	return nil
}

// writeFile extracts a regular member to rel and reports a failure, leaving
// no partial file.
func (x *extractor) writeFile(name, rel string, open func() (io.ReadCloser, error)) {
	if dir := filepath.Dir(rel); dir != "." {
		if err := x.root.MkdirAll(dir, 0o700); err != nil {
			x.problem(name, fmt.Errorf("extract: %w", err))
			return
		}
	}
	f, err := x.root.OpenFile(rel, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		x.problem(name, fmt.Errorf("%w: duplicate name; the member of the same name before it is kept", datasets.ErrMalformed))
		return
	}
	if err != nil {
		x.problem(name, fmt.Errorf("extract: %w", err))
		return
	}

	r, err := open()
	if err == nil {
		_, err = io.Copy(f, r)
		if closeErr := r.Close(); err == nil {
			err = closeErr
		}
	}
	if closeErr := f.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		x.root.Remove(rel)
		x.problem(name, fmt.Errorf("extract: %w", err))
	}
}

// problem reports err for the entry name.
func (x *extractor) problem(name string, err error) {
	x.sink.problem(memberPath(x.archive, name), 0, "", err)
}

// memberPath returns the path of the member name in archive, as documents
// and problems show it: "ARCHIVE!/name", with name quoted when it is not
// printable UTF-8.
func memberPath(archive, name string) string {
	if !utf8.ValidString(name) || strings.ContainsFunc(name, unicode.IsControl) {
		name = strconv.Quote(name)
	}
	return archive + "!/" + name
}

// entryPath returns the relative path, in the OS's form, that the entry
// name is extracted to, or an error wrapping ErrInsecureEntry. folder is
// true for a folder entry, whose name may be "." or "./".
func entryPath(name string, folder bool) (string, error) {
	var reason string
	switch {
	case !utf8.ValidString(name):
		reason = "its name is not valid UTF-8"
	case strings.ContainsRune(name, 0):
		reason = "its name contains a NUL byte"
	case strings.ContainsFunc(name, unicode.IsControl):
		reason = "its name contains a control character"
	case strings.Contains(name, `\`):
		reason = `its name contains a backslash, which zip and tar names do not use as a separator`
	case path.IsAbs(name):
		reason = "its path is absolute"
	case slices.Contains(strings.Split(name, "/"), ".."):
		reason = `its path has a ".." component`
	}
	clean := path.Clean(name)
	if reason == "" && clean == "." && !folder {
		reason = "its name is empty"
	}
	if reason == "" && clean != "." && !filepath.IsLocal(filepath.FromSlash(clean)) {
		reason = "its path is not local to the extraction folder"
	}
	if reason != "" {
		return "", fmt.Errorf("%w: %s", ErrInsecureEntry, reason)
	}
	return filepath.FromSlash(clean), nil
}

// staleTemp matches the name of a temporary folder or file that tempPattern
// names: an extraction folder "litmine-archive-PID-N", or a copy of a PDF
// file "litmine-pdf-PID-N.pdf" or of standard input "litmine-stdin-PID-N",
// where N is the random part that os.MkdirTemp and os.CreateTemp add. The
// process id is the first group for a folder, the second for a PDF copy
// and the third for a copy of standard input.
var staleTemp = regexp.MustCompile(`^litmine-(?:archive-([0-9]{1,10})-[0-9]+|pdf-([0-9]{1,10})-[0-9]+\.pdf|stdin-([0-9]{1,10})-[0-9]+)$`)

// tempPattern returns the os.MkdirTemp or os.CreateTemp pattern of a
// temporary folder or file of this process: "litmine-KIND-PID-*" and
// suffix, so that removeStaleTemps can tell whether the process that made
// it still runs.
func tempPattern(kind, suffix string) string {
	return fmt.Sprintf("litmine-%s-%d-*%s", kind, os.Getpid(), suffix)
}

// sweptTempDirs holds the folders that removeStaleTemps has swept.
var sweptTempDirs sync.Map

// removeStaleTemps removes the leftovers of killed runs from dir, or from
// os.TempDir() when dir is empty, once per process and folder. A run killed
// with SIGKILL leaves its temporary folders and files, because its deferred
// removal never runs. The leftovers are the folders and PDF files that
// staleTemp matches whose process no longer exists: syscall.Kill(pid, 0)
// fails with ESRCH. Names of live processes, of this process, of other
// forms or types, and with a process id of 0 or past the largest int32 are
// never touched.
//
// It is best effort: a folder that cannot be listed and a name that cannot
// be removed stay for a later run, and such errors are not reported, because
// they concern no input.
//
// NOTE: a process in another PID namespace, such as a container that shares
// dir, looks dead from here, so its temporary files would be removed while
// it runs.
func removeStaleTemps(dir string) {
	if dir == "" {
		dir = os.TempDir()
	}
	if _, done := sweptTempDirs.LoadOrStore(dir, true); done {
		return
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return
	}
	for _, e := range entries {
		m := staleTemp.FindStringSubmatch(e.Name())
		switch {
		case m == nil:
		case m[1] != "" && e.IsDir() && !processExists(m[1]):
			os.RemoveAll(filepath.Join(dir, e.Name()))
		case m[2]+m[3] != "" && e.Type().IsRegular() && !processExists(m[2]+m[3]):
			os.Remove(filepath.Join(dir, e.Name()))
		}
	}
}

// processExists reports whether the process with the decimal id pid
// exists, for removeStaleTemps. It returns true, so that nothing is
// removed, for this process, for an id that is not a positive int32, and
// when the check fails for another reason than ESRCH, such as EPERM for a
// process of another user.
func processExists(pid string) bool {
	id, err := strconv.Atoi(pid)
	if err != nil || id <= 0 || id > math.MaxInt32 || id == os.Getpid() {
		return true
	}
	return !errors.Is(syscall.Kill(id, 0), syscall.ESRCH)
}
