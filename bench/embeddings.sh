#!/usr/bin/env bash
# Times and scores litmine's word embeddings beside gensim, in one run.
#
#   bash bench/embeddings.sh [speed|quality|all]   (default: all)
#
# speed: builds the anchor benchmark token file once. That is the corpus of
# $SHARED/bench-anchors/make_corpus.py (3.4 MB of paper text), tokenized
# with the lower-case word regex of the anchor's w2v_bench.py and repeated
# to at least 5M tokens. It then trains skip-gram for one epoch on it with
# 2 workers, alternating gensim and litmine: plain word2vec beside gensim
# Word2Vec and subwords beside gensim FastText.
# quality: runs litmine over the paper text of the shared data folder
# (MSPT, PcMSP, SOFC-Exp, eLife and unarXive papers; $SHARED/data) and
# writes the tokens of its sentences table to a file. It trains litmine
# and gensim on that file with the same settings and scores material name
# and formula pairs (MRR, hits@10). gensim is Debian's python3-gensim, run
# with /usr/bin/python3. Without it the gensim rows are skipped with a
# message.
set -euo pipefail
cd "$(dirname "$0")/.."
mode=${1:-all}
shared=${SHARED:-../shared}
out=bench/out/embeddings
mkdir -p "$out"
go build -o "$out/embeddings" ./bench/embeddings
export ANCHORS="$shared/bench-anchors"

if [[ $mode == speed || $mode == all ]]; then
  corpus=$out/corpus.txt
  tokens=$out/tokens.txt
  if [[ ! -f $ANCHORS/make_corpus.py ]]; then
    echo "note: $ANCHORS not found; skipping the speed table, which needs the anchor corpus" >&2
  else
    [[ -s $corpus ]] || /usr/bin/python3 "$ANCHORS/make_corpus.py" "$corpus"
    [[ -s $tokens ]] || /usr/bin/python3 bench/embeddings/gensim_bench.py corpus --text "$corpus" --out "$tokens" --min_tokens 5000000
    echo "== speed"
    "$out/embeddings" speed -tokens "$tokens" -runs "${RUNS:-5}" -workers 2
  fi
fi

if [[ $mode == quality || $mode == all ]]; then
  data=$shared/data
  if [[ ! -d $data/mspt ]]; then
    echo "note: $data not found; skipping the quality table, which needs the paper text there" >&2
    exit 0
  fi
  run=$out/run
  rm -rf "$run"
  go build -o "$out/litmine" ./cmd/litmine
  if ! "$out/litmine" --no-progress run --rules-only "$data/mspt/brat" "$data/pcmsp/original" "$data/sofc-exp/texts" \
    "$data/elife-jats" "$data/unarxive-sample" --out "$run" >"$out/run.log" 2>&1; then
    cat "$out/run.log" >&2
    exit 1
  fi
  echo "== quality"
  "$out/embeddings" quality -run "$run" -out "$out/quality" -workers 2 -seeds "${SEEDS:-3}"
fi
