#!/usr/bin/env bash
# Times one training step of a BiLSTM tagger in PyTorch and in litmine
# (gomlx on its pure-Go backend), in one run on the same machine, and
# prints them side by side with a CPU profile of litmine's step.
#
#   bash bench/tagger_step.sh [STEPS]   (default: 20 timed steps each)
#
# Sizes are those of ../shared/bench-anchors/torch_bench.py --model bilstm:
# batch 32 × 50 tokens, vocabulary 20,000, embedding 100, hidden 200 per
# direction, 20 tags, Adam, softmax cross-entropy. litmine also times the
# same network with its CRF loss (forward algorithm unrolled over the 50
# steps) as an extra row. PyTorch is Debian's python3-torch, installed here
# when missing, run with /usr/bin/python3 and OMP_WAIT_POLICY=PASSIVE.
set -euo pipefail
cd "$(dirname "$0")/.."
steps=${1:-20}
anchors=${SHARED:-../shared}/bench-anchors
out=bench/out/tagger_step
mkdir -p "$out"

if ! /usr/bin/python3 -c 'import torch, numpy' 2>/dev/null; then
  echo "installing Debian's python3-torch and python3-numpy" >&2
  apt-get update -qq && apt-get install -y -qq python3-torch python3-numpy >/dev/null
fi

echo "== PyTorch (torch_bench.py --model bilstm, $steps steps)"
OMP_WAIT_POLICY=PASSIVE /usr/bin/python3 "$anchors/torch_bench.py" --model bilstm --steps "$steps" | tee "$out/torch.txt"

echo "== litmine (go test -bench BenchmarkTrainStep, $steps steps per row)"
go test ./ner/tagger -run '^$' -bench 'BenchmarkTrainStep' -benchtime 1x -count 1 -steps "$steps" \
  -cpuprofile "$out/step.prof" -o "$out/tagger.test" | tee "$out/litmine.txt"

echo
/usr/bin/python3 - "$out/torch.txt" "$out/litmine.txt" <<'EOF'
import json, re, sys
torch = next(json.loads(l[len("RESULT "):]) for l in open(sys.argv[1]) if l.startswith("RESULT "))
rows = [("PyTorch %s CPU, softmax" % torch["torch"], torch["median_ms"], torch["min_ms"], torch["max_ms"])]
for line in open(sys.argv[2]):
    m = re.match(r"BenchmarkTrainStep/(\w+)-\d+\s.*?([\d.]+) max-ms/step\s+([\d.]+) min-ms/step\s+([\d.]+) ms/step", line)
    if m:
        rows.append(("litmine gomlx pure Go, " + m.group(1), float(m.group(4)), float(m.group(3)), float(m.group(2))))
print("BiLSTM tagger training step, batch 32 x 50, vocabulary 20,000, embedding 100, hidden 200 x 2, 20 tags, Adam")
print("%-40s %10s %10s %10s %12s" % ("implementation", "median ms", "min ms", "max ms", "vs PyTorch"))
for name, med, lo, hi in rows:
    print("%-40s %10.1f %10.1f %10.1f %11.1fx" % (name, med, lo, hi, med / rows[0][1]))
EOF

echo
echo "== where litmine's step spends its time (CPU profile of both rows, top functions)"
go tool pprof -top -nodecount=15 "$out/tagger.test" "$out/step.prof" 2>/dev/null | sed -n '/flat%/,$p'
