#!/usr/bin/env bash
# Runs the full-size versions of the robustness tests that CI runs scaled
# down: 1,000 damaged records per input format mixed with good ones, and
# ingest of 100,000 documents (the synthetic corpus of bench/ingest.sh)
# killed at random moments and resumed, which must end byte-identical to an
# uninterrupted run. Takes about half an hour on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
docs=${DOCS:-100000}
LITMINE_MUTATIONS=1000 go test -count=1 -run 'TestMutatedInputs' -v ./ingest/ | grep -E '^(---|ok|FAIL)|kept'
corpus=bench/out/ingest-corpus-$docs
if [[ ! -d $corpus ]]; then
  bash bench/ingest.sh -docs "$docs" >/dev/null
fi
LITMINE_RESUME_COMMAND=ingest LITMINE_RESUME_INPUT="$PWD/$corpus" LITMINE_RESUME_SHARD_DOCS=500 \
  go test -count=1 -timeout 2h -run 'TestKillAndResume' -v ./cmd/litmine/ | grep -E '^(---|ok|FAIL)|trial|seed'
