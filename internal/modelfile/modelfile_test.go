package modelfile

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// sampleFile returns a file with every kind of content: each dtype, a
// scalar, an empty tensor, blobs and descriptive fields.
func sampleFile(t testing.TB) *File {
	t.Helper()
	f := &File{
		Name: "ner-test", LitmineVersion: "0.1.0", Backend: `SimpleGo (go), spec "go:parallelism=-1"`,
		Config: json.RawMessage(`{"hidden":64,"labels":["B-Material","I-Material"]}`),
		Scores: map[string]float64{"dev_f1": 0.8125}, Metadata: map[string]string{"corpus": "mspt"},
	}
	weights, err := NewFloat32("/encoder/weights", []int{2, 3}, []float32{1, -2, 3.5, 0, 1e-30, -7})
	if err != nil {
		t.Fatal(err)
	}
	ids, err := NewInt32("vocabulary_ids", []int{3}, []int32{-1, 0, 1 << 30})
	if err != nil {
		t.Fatal(err)
	}
	count, err := NewInt64("/step", nil, []int64{1 << 40})
	if err != nil {
		t.Fatal(err)
	}
	empty, err := NewFloat64("/empty", []int{0, 4}, nil)
	if err != nil {
		t.Fatal(err)
	}
	f.Tensors = []Tensor{weights, ids, count, empty}
	for _, d := range []DType{Bool, Int8, Int16, Uint8, Uint16, Uint32, Uint64, Float16, BFloat16} {
		data := make([]byte, 2*d.Size())
		for i := range data {
			data[i] = byte(i + 1)
		}
		f.Tensors = append(f.Tensors, Tensor{Name: "raw_" + string(d), DType: d, Shape: []int{2}, Data: data})
	}
	f.SetBlob("vocabulary.txt", []byte("<pad>\n<unk>\nLiCoO2\n"))
	f.SetBlob("empty", []byte{})
	if err := f.SetJSON("labels.json", []string{"O", "B-Material"}); err != nil {
		t.Fatal(err)
	}
	return f
}

func encode(t testing.TB, f *File) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := Encode(&b, f); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// assertSameFile compares two files field by field, treating nil and empty
// slices alike.
func assertSameFile(t *testing.T, got, want *File) {
	t.Helper()
	if got.Name != want.Name || got.LitmineVersion != want.LitmineVersion || got.Backend != want.Backend ||
		string(got.Config) != string(want.Config) || !reflect.DeepEqual(got.Scores, want.Scores) ||
		!reflect.DeepEqual(got.Metadata, want.Metadata) {
		t.Errorf("descriptive fields differ:\ngot  %+v\nwant %+v", got, want)
	}
	if len(got.Tensors) != len(want.Tensors) || len(got.Blobs) != len(want.Blobs) {
		t.Fatalf("%d tensors and %d blobs, want %d and %d", len(got.Tensors), len(got.Blobs), len(want.Tensors), len(want.Blobs))
	}
	for i, w := range want.Tensors {
		g := got.Tensors[i]
		if g.Name != w.Name || g.DType != w.DType || len(g.Shape) != len(w.Shape) || !bytes.Equal(g.Data, w.Data) {
			t.Errorf("tensor %d: got %s %s %v, want %s %s %v", i, g.Name, g.DType, g.Shape, w.Name, w.DType, w.Shape)
		}
	}
	for i, w := range want.Blobs {
		if got.Blobs[i].Name != w.Name || !bytes.Equal(got.Blobs[i].Data, w.Data) {
			t.Errorf("blob %d: got %q, want %q", i, got.Blobs[i].Name, w.Name)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	want := sampleFile(t)
	data := encode(t, want)

	decoded, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	assertSameFile(t, decoded, want)

	fromReader, err := ReadFrom(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	assertSameFile(t, fromReader, want)

	path := filepath.Join(t.TempDir(), "model.lmf")
	if err := Write(path, want); err != nil {
		t.Fatal(err)
	}
	read, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	assertSameFile(t, read, want)

	values, err := read.Tensor("/encoder/weights").Float32s()
	if err != nil || values[2] != 3.5 || values[4] != 1e-30 {
		t.Errorf("Float32s = %v, %v", values, err)
	}
	var labels []string
	if err := read.JSON("labels.json", &labels); err != nil || labels[1] != "B-Material" {
		t.Errorf("JSON blob = %v, %v", labels, err)
	}
}

func TestEncodeIsDeterministic(t *testing.T) {
	if !bytes.Equal(encode(t, sampleFile(t)), encode(t, sampleFile(t))) {
		t.Error("two encodings of the same file differ")
	}
}

func TestEncodeRejectsInvalidFiles(t *testing.T) {
	cases := map[string]func(f *File){
		"repeated tensor name": func(f *File) { f.Tensors = append(f.Tensors, f.Tensors[0]) },
		"short tensor data":    func(f *File) { f.Tensors[0].Data = f.Tensors[0].Data[:5] },
		"unknown dtype":        func(f *File) { f.Tensors[0].DType = "complex64" },
		"negative dimension":   func(f *File) { f.Tensors[0].Shape = []int{-2, -3} },
		"NaN score":            func(f *File) { f.Scores["bad"] = nan() },
		"invalid config":       func(f *File) { f.Config = json.RawMessage(`{"a":`) },
		"empty blob name":      func(f *File) { f.Blobs = append(f.Blobs, Blob{}) },
	}
	for name, damage := range cases {
		t.Run(name, func(t *testing.T) {
			f := sampleFile(t)
			damage(f)
			var b bytes.Buffer
			if err := Encode(&b, f); err == nil {
				t.Error("no error")
			}
			if b.Len() != 0 {
				t.Errorf("%d bytes written before the error", b.Len())
			}
		})
	}
}

func nan() float64 {
	zero := 0.0
	return zero / zero
}

func TestDecodeDamagedFiles(t *testing.T) {
	good := encode(t, sampleFile(t))
	headerSize := int(binary.LittleEndian.Uint64(good[12:]))
	flip := func(offset int) []byte {
		data := bytes.Clone(good)
		data[offset] ^= 0x10
		return data
	}
	cases := []struct {
		name string
		data []byte
		want error
	}{
		{"empty", nil, ErrCorrupt},
		{"text file", []byte("B-Material\tLiCoO2\n"), ErrNotModelFile},
		{"magic only, truncated", good[:3], ErrCorrupt},
		{"prefix only", good[:prefixSize], ErrCorrupt},
		{"truncated in header", good[:prefixSize+headerSize/2], ErrCorrupt},
		{"truncated in data", good[:len(good)-40], ErrCorrupt},
		{"last byte missing", good[:len(good)-1], ErrCorrupt},
		{"flipped magic", flip(1), ErrNotModelFile},
		{"flipped version", flip(8), ErrVersion},
		{"flipped header length", flip(13), ErrCorrupt},
		{"flipped header", flip(prefixSize + 5), ErrCorrupt},
		{"flipped data", flip(prefixSize + headerSize + 3), ErrCorrupt},
		{"flipped checksum", flip(len(good) - 1), ErrCorrupt},
		{"appended bytes", append(bytes.Clone(good), 0), ErrCorrupt},
	}
	dir := t.TempDir()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if _, err := Decode(c.data); !errors.Is(err, c.want) {
				t.Errorf("Decode: error %v, want %v", err, c.want)
			}
			path := filepath.Join(dir, strings.ReplaceAll(c.name, " ", "_")+".lmf")
			if err := os.WriteFile(path, c.data, 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Read(path)
			if !errors.Is(err, c.want) || !strings.Contains(err.Error(), path) {
				t.Errorf("Read: error %v, want %v naming the file", err, c.want)
			}
		})
	}
}

// frame builds a file around a hand-written header and data section, with a
// valid checksum, for headers that Encode would never write.
func frame(version uint32, headerJSON string, section []byte) []byte {
	data := []byte(Magic)
	data = binary.LittleEndian.AppendUint32(data, version)
	data = binary.LittleEndian.AppendUint64(data, uint64(len(headerJSON)))
	data = append(data, headerJSON...)
	data = append(data, section...)
	sum := sha256.Sum256(data)
	return append(data, sum[:]...)
}

func TestDecodeInconsistentHeaders(t *testing.T) {
	section := make([]byte, 16)
	cases := map[string]string{
		"offset past the data":  `{"tensors":[{"name":"w","dtype":"float32","shape":[2],"offset":12,"size":8}]}`,
		"negative offset":       `{"tensors":[{"name":"w","dtype":"float32","shape":[2],"offset":-4,"size":8}]}`,
		"size against shape":    `{"tensors":[{"name":"w","dtype":"float32","shape":[3],"offset":0,"size":8}]}`,
		"unknown dtype":         `{"tensors":[{"name":"w","dtype":"float128","shape":[1],"offset":0,"size":16}]}`,
		"huge shape":            `{"tensors":[{"name":"w","dtype":"float64","shape":[4611686018427387904,4],"offset":0,"size":8}]}`,
		"repeated name":         `{"tensors":[{"name":"w","dtype":"int32","shape":[1],"offset":0,"size":4},{"name":"w","dtype":"int32","shape":[1],"offset":4,"size":4}]}`,
		"blob past the data":    `{"blobs":[{"name":"vocab","offset":10,"size":10}]}`,
		"not JSON":              `tensors: w`,
		"header of wrong types": `{"tensors":"w"}`,
	}
	for name, header := range cases {
		t.Run(name, func(t *testing.T) {
			if _, err := Decode(frame(FormatVersion, header, section)); !errors.Is(err, ErrCorrupt) {
				t.Errorf("error %v, want ErrCorrupt", err)
			}
		})
	}
	if _, err := Decode(frame(2, `{}`, nil)); !errors.Is(err, ErrVersion) || !strings.Contains(err.Error(), "version 2") {
		t.Errorf("version 2: error %v, want ErrVersion naming version 2", err)
	}
	if _, err := Decode(frame(FormatVersion, `{"tensors":[],"blobs":[]}`, nil)); err != nil {
		t.Errorf("empty file: %v", err)
	}
}

func TestWriteReplacesAtomically(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "model.lmf")
	first := sampleFile(t)
	if err := Write(path, first); err != nil {
		t.Fatal(err)
	}

	bad := sampleFile(t)
	bad.Tensors[0].Data = bad.Tensors[0].Data[:1]
	if err := Write(path, bad); err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("error %v, want one naming %s", err, path)
	}
	kept, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	assertSameFile(t, kept, first)

	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		t.Errorf("folder holds %d entries, want only model.lmf", len(entries))
	}
	if err := Write(filepath.Join(dir, "missing", "model.lmf"), first); err == nil {
		t.Error("no error for a missing folder")
	}
}

func TestIsTemp(t *testing.T) {
	for name, want := range map[string]bool{
		".model.lmf.tmp-ABCDEF": true, "model.lmf": false, ".hidden": false, "": false,
	} {
		if IsTemp(name) != want {
			t.Errorf("IsTemp(%q) = %v, want %v", name, !want, want)
		}
	}
}

func TestTensorAccessorsCheckType(t *testing.T) {
	f := sampleFile(t)
	if _, err := f.Tensor("/encoder/weights").Int32s(); err == nil {
		t.Error("Int32s of a float32 tensor: no error")
	}
	if f.Tensor("no such tensor") != nil {
		t.Error("Tensor of a missing name is not nil")
	}
	if err := f.JSON("no such blob", new(any)); err == nil {
		t.Error("JSON of a missing blob: no error")
	}
	if _, err := NewFloat32("w", []int{2, 2}, []float32{1}); err == nil {
		t.Error("NewFloat32 with too few values: no error")
	}
}

// FuzzDecode checks that Decode never panics and that what it accepts
// encodes back to a file it decodes the same way.
func FuzzDecode(f *testing.F) {
	f.Add(encode(f, sampleFile(f)))
	f.Add(frame(FormatVersion, `{"tensors":[{"name":"w","dtype":"int8","shape":[2],"offset":0,"size":2}]}`, []byte{1, 2}))
	f.Add([]byte(Magic))
	f.Fuzz(func(t *testing.T, data []byte) {
		decoded, err := Decode(data)
		if err != nil {
			return
		}
		again, err := Decode(encode(t, decoded))
		if err != nil {
			t.Fatalf("re-encoded file does not decode: %v", err)
		}
		assertSameFile(t, again, decoded)
	})
}
