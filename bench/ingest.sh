#!/usr/bin/env bash
# Ingests a synthetic corpus of 100,000 documents copied from the real
# corpora in ../shared/data and prints documents/s, MB/s and the peak
# resident memory of the litmine process (target: under 512 MB). Pass
# -docs N for another size. The corpus is kept in bench/out between runs.
set -euo pipefail
cd "$(dirname "$0")/.."
go build -o bin/litmine ./cmd/litmine
go run ./bench/ingest -data "${SHARED:-../shared}/data" "$@"
