package lexicon

import (
	"bufio"
	"compress/gzip"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// Dataset file names of the Ceder-group text-mined synthesis releases that
// DefaultSources lists.
const (
	SolidStateFile = "solid-state_dataset_2019-12-03.json.gz"
	SolGelFile     = "sol-gel_dataset_20200713.json.gz"
)

// DefaultSources returns the paths of the solid-state and sol-gel dataset
// files in dataDir.
func DefaultSources(dataDir string) []string {
	return []string{
		filepath.Join(dataDir, SolidStateFile),
		filepath.Join(dataDir, SolGelFile),
	}
}

// reaction holds the fields of one dataset reaction that the lexicons use.
type reaction struct {
	Target     sourceMaterial    `json:"target"`
	Precursors []sourceMaterial  `json:"precursors"`
	Operations []sourceOperation `json:"operations"`
}

// sourceMaterial is a material object. MaterialName is set in the sol-gel
// file only.
type sourceMaterial struct {
	MaterialString  string `json:"material_string"`
	MaterialName    string `json:"material_name"`
	MaterialFormula string `json:"material_formula"`
}

type sourceOperation struct {
	Type       string            `json:"type"`
	Token      string            `json:"token"`
	Conditions *sourceConditions `json:"conditions"`
}

// sourceConditions is an operation's conditions object. It is null for
// many solid-state operations.
type sourceConditions struct {
	HeatingAtmosphere stringList `json:"heating_atmosphere"`
	MixingDevice      stringList `json:"mixing_device"`
	MixingMedia       stringList `json:"mixing_media"`
}

// stringList decodes a JSON list of strings, a single string or null. The
// solid-state file gives mixing_device and mixing_media as lists and the
// sol-gel file as a string or null.
type stringList []string

func (l *stringList) UnmarshalJSON(b []byte) error {
	var one *string
	if err := json.Unmarshal(b, &one); err == nil {
		*l = nil
		if one != nil {
			*l = stringList{*one}
		}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return fmt.Errorf("want a string, a list of strings or null, got %.40s", b)
	}
	*l = many
	return nil
}

// readSource streams the reactions of one dataset file to fn and returns
// its release_date. The file may be gzip-compressed or plain JSON.
func readSource(path string, fn func(*reaction)) (releaseDate string, err error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()

	r, err := openMaybeGzip(f)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	releaseDate, err = decodeDataset(json.NewDecoder(r), fn)
	if err != nil {
		return "", fmt.Errorf("%s: %w", path, err)
	}
	return releaseDate, nil
}

// openMaybeGzip returns a reader of r's content, decompressed when r starts
// with the gzip magic number.
func openMaybeGzip(r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	magic, err := br.Peek(2)
	if err != nil && !errors.Is(err, io.EOF) {
		return nil, err
	}
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		return gzip.NewReader(br)
	}
	return br, nil
}

// decodeDataset reads the top-level object {"release_date", "reactions"}
// one reaction at a time, so the whole file is never held in memory.
func decodeDataset(dec *json.Decoder, fn func(*reaction)) (string, error) {
	if err := expectDelim(dec, '{'); err != nil {
		return "", err
	}
	var releaseDate string
	sawReactions := false
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return "", err
		}
		switch key {
		case "release_date":
			err = dec.Decode(&releaseDate)
		case "reactions":
			sawReactions = true
			err = decodeReactions(dec, fn)
		default:
			var skip json.RawMessage
			err = dec.Decode(&skip)
		}
		if err != nil {
			return "", fmt.Errorf("field %v: %w", key, err)
		}
	}
	if !sawReactions {
		return "", errors.New(`missing "reactions" field`)
	}
	return releaseDate, nil
}

func decodeReactions(dec *json.Decoder, fn func(*reaction)) error {
	if err := expectDelim(dec, '['); err != nil {
		return err
	}
	for i := 0; dec.More(); i++ {
		var r reaction
		if err := dec.Decode(&r); err != nil {
			return fmt.Errorf("reaction %d: %w", i, err)
		}
		fn(&r)
	}
	return expectDelim(dec, ']')
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if tok != want {
		return fmt.Errorf("got %v, want %q", tok, want)
	}
	return nil
}
