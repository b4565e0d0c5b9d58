// Package embed trains word embeddings on a corpus: skip-gram with
// negative sampling (word2vec) with character n-gram subwords, as fastText
// trains them.
//
// With subwords, a word's input vector is the average of its own row and
// the rows of its character n-grams. The n-grams are the runs of 3 to 6
// code points of the word between the marks "<" and ">", each hashed
// (FNV-1a) into one of 2,000,000 buckets. A word outside the vocabulary, such as a formula that
// training never saw, gets the average of its n-grams' rows.
// Config.NoSubwords trains plain word2vec instead. Only the buckets that
// vocabulary words use get a row, so the bucket count costs no memory.
//
//	m, st, err := embed.Train(ctx, embed.TextFile("tokens.txt"), embed.Config{Workers: 1, Seed: 1})
//	paths, err := m.WriteDir("out") // model.bin, vectors.txt, vectors.parquet
//	m, err = embed.Load("out/model.bin")
//	v := m.Vector("LiNi0.8Co0.1Mn0.1O2") // from its n-grams when unseen
//	lex, err := lexicon.Default()
//	ev, err := embed.Evaluate(m, embed.LexiconPairs(lex)) // ev.MRR, ev.HitsAt10
//
// # Training
//
// Train reads a Corpus once to count words and once per epoch. NewRunCorpus
// reads the sentences table of a run directory, after checking each file
// against the SHA-256 in the run manifest. TextFile reads a text file of
// one sentence of space-separated tokens per line, the format gensim reads.
// Tokens keep their case unless Config.Lower is set, because formulas are
// case-sensitive: "Co" is cobalt and "CO" carbon monoxide.
//
// Training runs on Config.Workers goroutines that update the shared
// vectors without locks (Hogwild). With one worker and a seed it is
// deterministic: on one machine, the same corpus and Config give the same
// model file, byte for byte. With several workers the order of the
// updates depends on scheduling, so the vectors differ from run to run.
// A center word's input rows are averaged once per window and updated once,
// with the gradient summed over its context words. fastText and gensim
// update them after each context word instead (see worker.trainSentence).
//
// # Files
//
// WriteDir writes three files: the model file (Save, read back by Load),
// the word2vec text format (WriteText, read by ReadText and by gensim's
// KeyedVectors.load_word2vec_format) and a Parquet table of word, count and
// vector (WriteTable). The model file is little-endian:
//
//	magic         8 bytes "LMEMBED1"
//	dim           uint32, 1 to 10,000
//	flags         uint32; bit 0: tokens were lower-cased; other bits are 0
//	minN, maxN    uint32 each; 0 and 0 without subwords
//	buckets       uint32, the n-gram hash modulus; 0 without subwords
//	words         uint32, at least 1
//	stored        uint32, the number of buckets with a row
//	words × {length uint32, UTF-8 bytes, count uint64}, most frequent first
//	stored × bucket id uint32, distinct, each below buckets, in row order
//	(words + stored) × dim float32 rows: each word's own row, then each
//	              stored bucket's row
//	CRC-32C (Castagnoli) uint32 of every byte before it
//
// An n-gram's bucket is the 32-bit FNV-1a hash of its UTF-8 bytes modulo
// buckets. A word's vector is the average of its own row and the rows of
// its n-grams; an unseen word's is the average of the rows of those of its
// n-grams whose bucket is stored. Without subwords a word's vector is its
// own row. Load rejects a file that is truncated, longer than its header
// says, fails its checksum or has a value out of range, with an error
// wrapping ErrFormat.
//
// # Evaluation
//
// Evaluate ranks, for each formula, all material names by the cosine
// similarity of their vectors and reports the mean reciprocal rank of the
// correct name and hits@10. LexiconPairs takes the pairs from the material
// lexicon that the annotate stage ships, whose names are lower-case words
// such as "lithium carbonate"; a name of several words is the average of
// its words' vectors, and a pair counts only when the formula and every
// word of the name are in the model's vocabulary.
package embed
