#!/usr/bin/env bash
# Times litmine annotate with the shipped neural entity tagger beside the
# rules alone, on the same documents in one run, and prints tokens/s. The
# text is the start (400 kB by default; the tagger is far slower than the
# rules) of the anchor benchmark corpus that bench/annotate.sh builds from
# ../shared/bench-anchors/make_corpus.py, or of the demo corpus in
# testdata/corpus without ../shared.
set -euo pipefail
cd "$(dirname "$0")/.."
out=bench/out
mkdir -p "$out"
anchors=${SHARED:-../shared}/bench-anchors
corpus=$out/corpus.txt
if [[ -f "$anchors/make_corpus.py" ]]; then
  [[ -s "$corpus" ]] || /usr/bin/python3 "$anchors/make_corpus.py" "$corpus"
else
  echo "note: $anchors not found; timing the small demo corpus instead" >&2
  corpus=$out/demo-corpus.txt
  find testdata/corpus -name '*.txt' -exec tail -n +3 {} + | grep -v '^==>' | grep -v '^\s*$' > "$corpus"
fi
go run ./bench/tagger -corpus "$corpus" "$@"
