#!/usr/bin/env bash
# Streaming benchmark (issue 12 item 3): the client's time to first chunk against the time to the
# whole answer, through the gateway, from the LLM simulator playing a model that takes LATENCY_MS to
# its first token and then TOKEN_DELAY_MS per word. Also the same request with stream: false (the
# simulator then answers when its last word is ready), which is what a client waited for before real
# streaming: the gateway used to buffer the whole answer and send it as one chunk. Sequential requests with curl after a warm-up;
# Kafka is not involved (shadow_pct 0). Everything binds to 127.0.0.1. Not part of `mvn verify`.
#
# Usage: [SKIP_BUILD=1] [LATENCY_MS=200] [TOKEN_DELAY_MS=20] scripts/bench-gateway-stream.sh [REQUESTS (default 20)]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
REQUESTS="${1:-20}"
LATENCY_MS="${LATENCY_MS:-200}"
TOKEN_DELAY_MS="${TOKEN_DELAY_MS:-20}"
WORK="$ROOT/.driftgate/bench-gateway-stream"
GW_PORT=18180; SIM_PORT=18189

if [ -z "${SKIP_BUILD:-}" ]; then   # SKIP_BUILD=1 reuses the jars of the last build
  echo "building..." >&2
  mvn -B -o -q -pl ingress-gateway,cli -am package -DskipTests >&2
fi
GW_CP="$(ls ingress-gateway/target/ingress-gateway-*.jar | grep -v tests):$(cat ingress-gateway/target/classpath.txt)"
CLI_CP="$(ls cli/target/cli-*.jar | grep -v tests):$(cat cli/target/classpath.txt)"

PIDS=()
cleanup() { for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
rm -rf "$WORK"; mkdir -p "$WORK"

sed 's|^dataset:.*|dataset: null|' config/simulator.yaml >"$WORK/simulator.yaml"
java -cp "$CLI_CP" dev.driftgate.cli.DriftgateCli sim-llm --port $SIM_PORT --latency-ms "$LATENCY_MS" --no-faults \
  --token-delay-ms "$TOKEN_DELAY_MS" --sim-config "$WORK/simulator.yaml" >"$WORK/sim.log" 2>&1 &
PIDS+=($!)
DRIFTGATE_GATEWAY_PORT=$GW_PORT DRIFTGATE_KAFKA_BOOTSTRAP=127.0.0.1:1 DRIFTGATE_GATEWAY_SHADOW_PCT=0 \
DRIFTGATE_MODEL_BASE_URL="http://127.0.0.1:$SIM_PORT/v1" DRIFTGATE_SAMPLING_KEY=bench-key \
  java -Xmx512m -cp "$GW_CP" dev.driftgate.gateway.GatewayApplication >"$WORK/gateway.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 360); do curl -sf "http://127.0.0.1:$GW_PORT/health/liveness" >/dev/null && break; sleep 0.5; done

body() { # $1 stream true/false
  printf '{"model":"gpt-4o-mini","stream":%s,"messages":[{"role":"user","content":"Explain briefly how a rainbow forms after rain."}]}' "$1"
}
request() { # $1 stream: prints "time_to_first_byte_ms total_ms"
  curl -sN -o "$WORK/last-$1.txt" -w '%{time_starttransfer} %{time_total}\n' -H 'Content-Type: application/json' \
    -d "$(body "$1")" "http://127.0.0.1:$GW_PORT/v1/chat/completions" | awk '{printf "%.0f %.0f\n", $1*1000, $2*1000}'
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
for _ in 1 2 3 4 5; do request true >/dev/null; request false >/dev/null; done   # warm-up (JIT, connections)
: >"$WORK/stream.txt"; : >"$WORK/blocking.txt"
for _ in $(seq 1 "$REQUESTS"); do request true >>"$WORK/stream.txt"; request false >>"$WORK/blocking.txt"; done
words="$(grep -c '"content":"[^"]' "$WORK/last-true.txt" || true)"
done_line="$(grep -c '^data: \[DONE\]' "$WORK/last-true.txt" || true)"
echo "simulator: ${LATENCY_MS} ms to the first token, then ${TOKEN_DELAY_MS} ms per word; ${words} content chunks per answer; [DONE] lines: ${done_line}"
echo "| requests | stream: first chunk p50 (max) ms | stream: whole answer p50 ms | stream: false, whole answer p50 ms | load avg |"
echo "|---|---|---|---|---|"
printf "| %s | %s (%s) | %s | %s | %s |\n" "$REQUESTS" \
  "$(cut -d' ' -f1 "$WORK/stream.txt" | median)" "$(cut -d' ' -f1 "$WORK/stream.txt" | sort -n | tail -1)" \
  "$(cut -d' ' -f2 "$WORK/stream.txt" | median)" "$(cut -d' ' -f2 "$WORK/blocking.txt" | median)" \
  "$(cut -d' ' -f1 /proc/loadavg)"
