// Package safename maps arbitrary ids, such as DOIs, to file names.
package safename

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"strings"
)

// maxPrefix is the longest part of an id kept in a file name, in bytes,
// which keeps names well under the 255-byte limit of common file systems.
const maxPrefix = 80

// hashed matches names that carry a hash suffix, which ids kept as they are
// must not look like.
var hashed = regexp.MustCompile(`-[0-9a-f]{16}$`)

// reserved are names that Windows refuses for files, whatever the extension.
var reserved = map[string]bool{"con": true, "prn": true, "aux": true, "nul": true}

func init() {
	for _, d := range "123456789" {
		reserved["com"+string(d)] = true
		reserved["lpt"+string(d)] = true
	}
}

// FileName returns a file name for id that is safe on Linux, macOS and
// Windows file systems, including case-insensitive ones, and distinct for
// distinct ids. An id made only of lower-case ASCII letters, digits, ".",
// "_" and "-", that does not start with "." or "-" and is not too long,
// stays as it is. Any other id becomes its safe characters (others replaced
// by "_", cut to 80 bytes) followed by "-" and 16 hex digits of its SHA-256.
// Names of the first kind never end that way, so the two kinds cannot
// collide; two ids of the second kind collide only if their hashes do.
func FileName(id string) string {
	if isSafe(id) {
		return id
	}
	var b strings.Builder
	for _, r := range strings.ToLower(id) {
		if b.Len() >= maxPrefix {
			break
		}
		if isSafeRune(r) {
			b.WriteRune(r)
		} else {
			b.WriteByte('_')
		}
	}
	prefix := strings.TrimLeft(b.String(), ".-")
	sum := sha256.Sum256([]byte(id))
	return prefix + "-" + hex.EncodeToString(sum[:8])
}

func isSafe(id string) bool {
	if id == "" || len(id) > maxPrefix || id[0] == '.' || id[0] == '-' || hashed.MatchString(id) {
		return false
	}
	base, _, _ := strings.Cut(id, ".")
	if reserved[base] {
		return false
	}
	for _, r := range id {
		if !isSafeRune(r) {
			return false
		}
	}
	return true
}

func isSafeRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-'
}
