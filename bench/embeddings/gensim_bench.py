"""gensim side of bench/embeddings.sh: builds the benchmark token file, and
trains gensim Word2Vec or FastText skip-gram on a token file with the
settings of `litmine train embeddings`.

  gensim_bench.py corpus --text CORPUS.txt --out TOKENS.txt [--min_tokens N]
      tokenizes the anchor corpus with the anchor's regex (lower-case words)
      and repeats it to at least N tokens, as ../shared/bench-anchors/w2v_bench.py does
  gensim_bench.py train --tokens TOKENS.txt --model word2vec|fasttext [--save OUT.vec] [settings]
      builds the vocabulary, then trains; prints one line RESULT {json} with
      the seconds of each phase and the raw words/s of training (the anchor's measure)

Run it with Debian's interpreter, /usr/bin/python3, which has python3-gensim.
"""
import argparse
import json
import os
import sys
import time


def corpus(a):
    anchors = os.environ.get("ANCHORS", os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "shared", "bench-anchors"))
    sys.path.insert(0, anchors)
    from w2v_bench import build_corpus  # the anchor's tokenizer and repetition

    tokens, copies = build_corpus(a.text, a.out, a.min_tokens)
    print("RESULT " + json.dumps({"tokens": tokens, "copies": copies, "path": a.out}), flush=True)


def train(a):
    import gensim
    from gensim.models import FastText, Word2Vec

    params = dict(vector_size=a.dim, window=a.window, negative=a.negative, min_count=a.min_count, sg=1, hs=0,
                  sample=a.sample, alpha=a.alpha, min_alpha=a.alpha * 1e-4, workers=a.workers, seed=a.seed,
                  epochs=a.epochs)
    if a.model == "fasttext":
        m = FastText(min_n=a.min_n, max_n=a.max_n, bucket=a.bucket, **params)
    else:
        m = Word2Vec(**params)
    t0 = time.perf_counter()
    m.build_vocab(corpus_file=a.tokens)
    t1 = time.perf_counter()
    _, raw = m.train(corpus_file=a.tokens, total_examples=m.corpus_count, total_words=m.corpus_total_words,
                     epochs=a.epochs)
    t2 = time.perf_counter()
    if a.save:
        m.wv.save_word2vec_format(a.save)
    print("RESULT " + json.dumps({"impl": "gensim " + a.model, "gensim": gensim.__version__, "vocab": len(m.wv),
                                  "raw_words": raw, "setup_s": t1 - t0, "train_s": t2 - t1,
                                  "words_per_s": raw / (t2 - t1), "workers": a.workers}), flush=True)


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("corpus")
    c.add_argument("--text", required=True)
    c.add_argument("--out", required=True)
    c.add_argument("--min_tokens", type=int, default=5_000_000)
    t = sub.add_parser("train")
    t.add_argument("--tokens", required=True)
    t.add_argument("--model", choices=["word2vec", "fasttext"], required=True)
    t.add_argument("--save")
    t.add_argument("--dim", type=int, default=100)
    t.add_argument("--window", type=int, default=5)
    t.add_argument("--negative", type=int, default=5)
    t.add_argument("--min_count", type=int, default=5)
    t.add_argument("--epochs", type=int, default=1)
    t.add_argument("--sample", type=float, default=1e-3)
    t.add_argument("--alpha", type=float, default=0.025)
    t.add_argument("--min_n", type=int, default=3)
    t.add_argument("--max_n", type=int, default=6)
    t.add_argument("--bucket", type=int, default=2_000_000)
    t.add_argument("--workers", type=int, default=2)
    t.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    corpus(a) if a.cmd == "corpus" else train(a)


if __name__ == "__main__":
    main()
