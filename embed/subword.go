package embed

import "unicode/utf8"

// subwords computes the hash buckets of the character n-grams of words. It
// reuses its buffers, so one subwords value serves one goroutine.
type subwords struct {
	minN, maxN int
	buckets    uint32
	marked     []byte // "<" + word + ">"
	starts     []int  // byte offset of each code point of marked, and len(marked)
}

func newSubwords(minN, maxN, buckets int) *subwords {
	return &subwords{minN: minN, maxN: maxN, buckets: uint32(buckets)}
}

// appendBuckets appends to dst the bucket of each n-gram of word, from the
// shortest n-grams to the longest and left to right within one length, as
// fastText does. The n-grams are the runs of minN to maxN code points of
// "<word>", so the whole marked word is one of them when it is short
// enough. The lone marks "<" and ">" are not n-grams (they matter only
// when minN is 1). Invalid UTF-8 bytes count as one code point each.
// Buckets are FNV-1a hashes of the n-gram's UTF-8 bytes modulo the bucket
// count; the same bucket may be appended twice.
func (s *subwords) appendBuckets(dst []uint32, word []byte) []uint32 {
	s.marked = append(append(append(s.marked[:0], '<'), word...), '>')
	s.starts = s.starts[:0]
	for i := 0; i < len(s.marked); {
		s.starts = append(s.starts, i)
		_, size := utf8.DecodeRune(s.marked[i:])
		i += size
	}
	runes := len(s.starts)
	s.starts = append(s.starts, len(s.marked))
	for n := s.minN; n <= s.maxN && n <= runes; n++ {
		for i := 0; i+n <= runes; i++ {
			if n == 1 && (i == 0 || i == runes-1) {
				continue
			}
			gram := s.marked[s.starts[i]:s.starts[i+n]]
			dst = append(dst, hashFNV1a(gram)%s.buckets)
		}
	}
	return dst
}

// hashFNV1a returns the 32-bit FNV-1a hash of b.
func hashFNV1a(b []byte) uint32 {
	h := uint32(2166136261)
	for _, c := range b {
		h ^= uint32(c)
		h *= 16777619
	}
	return h
}
