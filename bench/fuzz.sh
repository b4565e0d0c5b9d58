#!/usr/bin/env bash
# Runs every fuzz target of the module for the given time each (default
# 30s), one after the other. A crash leaves its input under the package's
# testdata/fuzz folder, where it becomes a regression test, and stops the
# script with the fuzzer's report.
set -euo pipefail
cd "$(dirname "$0")/.."
fuzztime=${1:-30s}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for pkg in $(go list ./...); do
  for target in $(go test -list '^Fuzz' "$pkg" | grep '^Fuzz' || true); do
    echo "fuzz $pkg $target for $fuzztime"
    if ! go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg" >"$log" 2>&1; then
      cat "$log"
      exit 1
    fi
  done
done
