// Package tagger is litmine's neural entity tagger: a BiLSTM-CRF that labels
// the tokens of a sentence with BIO tags over the MSPT entity labels
// (Material, Number, Operation, Amount-Unit, …), trained with gomlx on the
// gold documents of a brat corpus. The rules of package ner stay in the
// loop: the BIO tag and the source of each token's rule entity are
// features of the model, and they give the entities when no model is used.
//
// A Model, loaded with Load or Decode or shipped in the binary (Default),
// implements ner.Tagger; pass it to ner.WithTagger, ner.Config.Tagger or
// evaluate.Config.Tagger:
//
//	m, err := tagger.Default() // or tagger.Load("ner.lmf")
//	rec, _ := ner.NewRecognizer(nil)
//	a, err := ner.NewAnnotator(rec, nil, ner.WithTagger(m))
//	ann := a.Annotate(paragraphs) // entities with Source m.Name() and the model's confidence as Score
//
// Train writes a model file (package modelfile) from a training split and
// a dev split; `litmine train ner` calls it, and data/README.md gives the
// command that re-creates the shipped model.
//
// # Model
//
// Each token is the concatenation of a word vector (the lower-cased token
// in a vocabulary of the training words and the most frequent words of a
// word-embedding model, whose vectors start the table), the mean of the
// vectors of its hashed character n-grams (2 to 4 code points of the token
// with "<" and ">" added, case kept), and vectors for four categories: the
// word shape ("XxXxd" for "LiFePO4"), the BIO tag of the rule entity that
// covers the token, the rule that found it, and the POS tag. A BiLSTM reads
// the tokens; a linear layer gives a score per BIO tag and token; a
// linear-chain CRF with transition, start and end scores ties the tags
// together. Training minimizes the CRF's negative log-likelihood, with the
// forward algorithm unrolled over the sentence and masked at padding.
// Decoding runs Viterbi on the host and forbids an I tag that does not
// continue its label; an entity's Score is the mean, over its tokens, of
// the forward-backward marginal probability of the decoded tag.
//
// A model file may hold an ensemble: networks trained with consecutive
// seeds on the same data (TrainConfig.Members), which share the
// vocabularies. Tagging averages their emission scores and decodes with
// the mean of their CRF weights, so its cost grows with the number of
// members.
//
// # Training and tagging
//
// Training runs on gomlx (through internal/train) with the pure-Go backend
// by default. Sentences are cut into pieces of at most MaxTokens tokens;
// training pads them to a few lengths (8 to 128 tokens), because every
// shape compiles its own graph, and groups them into batches of one
// length. Tagging does not use gomlx: a Model copies the weights into
// plain Go (hostNetwork), reads each piece at its own length, and runs the
// input projection and output layer of all the sentences of a document as
// a few matrix products (gonum's BLAS). A test checks that it computes the
// emission scores of the training graph. Without padding, and with the
// input projections of words and categories computed once per model, it
// tags about ten times as fast as the gomlx graphs did on the pure-Go
// backend.
//
// # Limits
//
// The model tags whole tokens, and the scorer compares character offsets,
// so a gold span that starts or ends inside a token (about 1% of the
// training split's spans) cannot be found exactly. Nested gold spans keep only the first, longest
// one for training. Tagging is still far slower than the rules alone;
// docs/benchmarks.md has the figures.
package tagger
