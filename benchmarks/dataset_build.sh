#!/usr/bin/env bash
# Dataset builder throughput and memory: `driftgate dataset build` on a large generated raw file
# (the 160 committed examples repeated with fresh ids), against a baseline measured in the same run:
# jq parsing every line (no validation, no canonical output, no hashing).
# Usage: benchmarks/dataset_build.sh [copies]   (default 625 copies = 100,000 lines)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
COPIES="${1:-625}"
WORK="$ROOT/.driftgate/bench"
mkdir -p "$WORK"
RAW="$WORK/big_prompts.jsonl"

python3 - "$COPIES" "$RAW" <<'PY'
import json, sys
copies, out = int(sys.argv[1]), sys.argv[2]
rows = [json.loads(l) for l in open("data/raw/prompts.jsonl", encoding="utf-8")]
with open(out, "w", encoding="utf-8", newline="\n") as f:
    for c in range(copies):
        for r in rows:
            r = dict(r, id=f"{r['id']}-{c:05d}")
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
PY
LINES=$(wc -l < "$RAW")
BYTES=$(wc -c < "$RAW")
./driftgate --help > /dev/null   # build first, outside the measurement

measure() { # label, command...
  local label="$1"; shift
  /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.txt" "$@" > /dev/null
  read -r secs user sys kb < "$WORK/time.txt"
  printf '%-28s %7.2f s wall %7.2f s cpu %9.0f lines/s (wall) %6d MiB max RSS\n' "$label" "$secs" \
    "$(echo "$user + $sys" | bc -l)" "$(echo "$LINES / $secs" | bc -l)" $((kb / 1024))
  echo "$user + $sys" | bc -l > "$WORK/last_secs"   # compare CPU time: wall time depends on machine load
}

echo "input: $LINES lines, $((BYTES / 1024 / 1024)) MiB"
for run in 1 2; do
  measure "jq -c . (baseline) #$run" jq -c . "$RAW"
  base=$(cat "$WORK/last_secs")
  measure "dataset build #$run" ./driftgate dataset build --raw "$RAW" --out "$WORK/out/golden.jsonl"
  ours=$(cat "$WORK/last_secs")
  printf '  cpu-time ratio dataset build / jq: %.2f\n' "$(echo "$ours / $base" | bc -l)"
done
