#!/usr/bin/env bash
# Times litmine's annotate step beside prose v2 alone on the same text, in
# one run, and one worker beside two. The text is the anchor benchmark
# corpus (about 3.4 MB of real paper text) built by
# ../shared/bench-anchors/make_corpus.py; without ../shared it falls back to
# the demo corpus in testdata/corpus.
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
  find testdata/corpus -name '*.txt' -exec tail -n +3 {} + | grep -v '^==>' | grep -v '^\s*$' > "$corpus"
fi
go run ./bench/annotate -corpus "$corpus" "$@"
