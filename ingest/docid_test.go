package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"testing"
)

func TestDocumentID(t *testing.T) {
	sum := sha256.Sum256([]byte("Some text."))
	textID := "sha256:" + hex.EncodeToString(sum[:])[:16]
	tests := []struct {
		name string
		doc  Document
		want string
	}{
		{"DOI", Document{DOI: "10.1002/adma.200903953", ArxivID: "2212.11867", Text: "x"}, "10.1002/adma.200903953"},
		{"DOI upper case with resolver", Document{DOI: "https://doi.org/10.1039/C4TA04367G"}, "10.1039/c4ta04367g"},
		{"DOI with doi prefix", Document{DOI: " doi:10.7554/eLife.00005 "}, "10.7554/elife.00005"},
		{"dx resolver", Document{DOI: "http://dx.doi.org/10.1000/182"}, "10.1000/182"},
		{"invalid DOI falls through", Document{DOI: "n/a", ArxivID: "2212.11867v2"}, "arxiv:2212.11867"},
		{"arXiv old style", Document{ArxivID: "arXiv:cond-mat/0102536v1"}, "arxiv:cond-mat/0102536"},
		{"text hash", Document{Text: "Some text."}, textID},
		{"invalid arXiv id falls through", Document{ArxivID: "77499681", Text: "Some text."}, textID},
		{"empty text", Document{}, "sha256:e3b0c44298fc1c14"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DocumentID(tt.doc); got != tt.want {
				t.Errorf("DocumentID = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestNormalizeDOI(t *testing.T) {
	tests := []struct{ in, want string }{
		{"10.1016/j.jpowsour.2012.04.074", "10.1016/j.jpowsour.2012.04.074"},
		{"doi: 10.1000/ABC", "10.1000/abc"},
		{"10.1103/PhysRevB.1.1 10.1103/PhysRevB.1.2", "10.1103/physrevb.1.1"},
		{"10.1002/(SICI)1097-4636(199706)", "10.1002/(sici)1097-4636(199706)"},
		{"10.1000.10/123", "10.1000.10/123"},
		{"11.1000/x", ""},
		{"10.12/x", ""},
		{"10.1000/", ""},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := normalizeDOI(tt.in); got != tt.want {
				t.Errorf("normalizeDOI(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestIsDOI(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"10.1002/adma.200903953", true},
		{"  doi: 10.1002/adma.200903953 ", true},
		{"10.1002/adma.200903953 is the DOI", false},
		{"High-Performance Membranes", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := isDOI(tt.in); got != tt.want {
				t.Errorf("isDOI(%q) = %v, want %v", tt.in, got, tt.want)
			}
		})
	}
}
