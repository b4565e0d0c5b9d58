package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
)

// DocumentID returns the stable id of doc. The id is its DOI as
// normalizeDOI returns it, such as "10.1002/adma.200903953". Without a DOI,
// it is "arxiv:" and the arXiv id without a version, such as
// "arxiv:2212.11867". Without either, it is "sha256:" and the first 16 hex
// digits of the SHA-256 of the text. The same document read twice gets the
// same id, but two documents with the same DOI, arXiv id or text share it.
func DocumentID(doc Document) string {
	if doi := normalizeDOI(doc.DOI); doi != "" {
		return doi
	}
	if id := normalizeArxivID(doc.ArxivID); id != "" {
		return "arxiv:" + id
	}
	sum := sha256.Sum256([]byte(doc.Text))
	return "sha256:" + hex.EncodeToString(sum[:8])
}

// doiPattern matches a bare DOI: "10.", a registrant code of digits (with
// optional dot-separated parts) and a suffix without white space.
var doiPattern = regexp.MustCompile(`^10\.[0-9]{4,9}(\.[0-9]+)*/\S+$`)

// doiPrefixes are the prefixes that normalizeDOI strips, in lower case.
var doiPrefixes = []string{"https://doi.org/", "http://doi.org/", "https://dx.doi.org/", "http://dx.doi.org/", "doi.org/", "doi:"}

// normalizeDOI returns s as a bare lower-case DOI, with a "doi:" or resolver
// URL prefix and surrounding white space removed, or "" when s is not a DOI.
// When s holds several DOIs separated by white space, as the arXiv metadata
// sometimes does, it returns the first.
func normalizeDOI(s string) string {
	fields := strings.Fields(strings.ToLower(s))
	if len(fields) == 0 {
		return ""
	}
	doi := fields[0]
	if doi == "doi:" && len(fields) > 1 {
		doi = fields[1]
	}
	for _, prefix := range doiPrefixes {
		doi = strings.TrimPrefix(doi, prefix)
	}
	if !doiPattern.MatchString(doi) {
		return ""
	}
	return doi
}

// isDOI reports whether the whole of s, apart from surrounding white space
// and a "doi:" prefix, is one DOI that normalizeDOI accepts.
func isDOI(s string) bool {
	fields := strings.Fields(s)
	if len(fields) == 2 && strings.EqualFold(fields[0], "doi:") {
		fields = fields[1:]
	}
	return len(fields) == 1 && normalizeDOI(fields[0]) != ""
}

// arxivPattern matches a new-style ("2212.11867") or old-style
// ("hep-th/9901001", "math.AG/0309136") arXiv id with an optional version.
var arxivPattern = regexp.MustCompile(`^([0-9]{4}\.[0-9]{4,5}|[a-z]+(-[a-z]+)*(\.[A-Z]{2})?/[0-9]{7})(v[0-9]+)?$`)

// normalizeArxivID returns s as an arXiv id without an "arXiv:" prefix or a
// version, or "" when s is not an arXiv id.
func normalizeArxivID(s string) string {
	s = strings.TrimSpace(s)
	if len(s) > len("arxiv:") && strings.EqualFold(s[:len("arxiv:")], "arxiv:") {
		s = s[len("arxiv:"):]
	}
	m := arxivPattern.FindStringSubmatch(s)
	if m == nil {
		return ""
	}
	return m[1]
}
