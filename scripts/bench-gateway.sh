#!/usr/bin/env bash
# Gateway benchmark: throughput (wrk, closed loop) with shadow sampling at 0%, 5% and 100%, and
# p50/p99 at a fixed 1,000 req/s (scripts/OpenLoopLoad.java, open loop), plus the gateway's RSS.
# The production model is zero-latency: in-process (echo/zero) for the gateway's own cost, and the
# LLM simulator over HTTP (sim-llm --latency-ms 0) for the two-hop number. Sampled events go to a
# real single-node KRaft broker. Everything binds to 127.0.0.1. Not part of `mvn verify`.
#
# Usage: [MODELS="echo/zero openai/sim-good"] [BASELINE_REF=<git ref>] [SKIP_BUILD=1] scripts/bench-gateway.sh [DURATION_S (default 20)]
# needs: wrk (apt-get install -y wrk)
#
# Same-run before/after of a change to core's HTTP client: with BASELINE_REF set, each simulator
# case also runs with core's StatusAwareHttpClient as it is at that ref (compiled from git and put
# first on the classpath), so the two rows are measured minutes apart on the same machine. Off by
# default. The echo model never uses that class.
# The floor row is wrk GET /health/liveness on the same gateway: a bare Micronaut endpoint with no
# body, no model and no sampling, i.e. the most this framework setup serves on this machine.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
DURATION="${1:-20}"
RATE=1000
WORK="$ROOT/.driftgate/bench-gateway"
GW_PORT=18080; SIM_PORT=18089; KAFKA_PORT=19092; CONTROLLER_PORT=19093
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install -y wrk" >&2; exit 1; }

if [ -z "${SKIP_BUILD:-}" ]; then   # SKIP_BUILD=1 reuses the jars of the last build
  echo "building..." >&2
  mvn -B -o -q -pl ingress-gateway,cli -am package -DskipTests -DskipJobJar >&2
fi
GW_CP="$(ls ingress-gateway/target/ingress-gateway-*.jar | grep -v tests):$(cat ingress-gateway/target/classpath.txt)"
BASE_CP=""
CLI_CP="$(ls cli/target/cli-*.jar | grep -v tests):$(cat cli/target/classpath.txt)"

PIDS=()
GW_PID=""
cleanup() { for p in "${PIDS[@]}" ${GW_PID:-}; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT
rm -rf "$WORK"; mkdir -p "$WORK/kafka-data" "$WORK/loadgen"
javac -d "$WORK/loadgen" scripts/OpenLoopLoad.java   # compiled once: source launch would compile per run
BASELINE_REF="${BASELINE_REF:-}"
if [ -n "$BASELINE_REF" ]; then
  mkdir -p "$WORK/baseline-src/dev/driftgate/core/llm" "$WORK/baseline-classes"
  git show "$BASELINE_REF:core/src/main/java/dev/driftgate/core/llm/StatusAwareHttpClient.java" \
    >"$WORK/baseline-src/dev/driftgate/core/llm/StatusAwareHttpClient.java"
  javac -nowarn -cp "$GW_CP" -d "$WORK/baseline-classes" "$WORK/baseline-src/dev/driftgate/core/llm/StatusAwareHttpClient.java"
  BASE_CP="$WORK/baseline-classes:"
fi

# --- a real single-node KRaft broker (what core's LocalKafkaBroker does, from the same jars) ---
cat > "$WORK/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$WORK/kafka-data
num.partitions=2
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
PROPS
java -cp "$CLI_CP" kafka.tools.StorageTool format -t "$(java -cp "$CLI_CP" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -1)" \
  -c "$WORK/server.properties" >"$WORK/format.log" 2>&1
java -Xmx512m -cp "$CLI_CP" kafka.Kafka "$WORK/server.properties" >"$WORK/broker.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do (echo >/dev/tcp/127.0.0.1/$KAFKA_PORT) 2>/dev/null && break; sleep 0.5; done

# --- the zero-latency simulator (generic answers: the benchmark needs no golden dataset) ---
sed 's|^dataset:.*|dataset: null|' config/simulator.yaml >"$WORK/simulator.yaml"
java -cp "$CLI_CP" dev.driftgate.cli.DriftgateCli sim-llm --port $SIM_PORT --latency-ms 0 --no-faults \
  --sim-config "$WORK/simulator.yaml" >"$WORK/sim.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 120); do (echo >/dev/tcp/127.0.0.1/$SIM_PORT) 2>/dev/null && break; sleep 0.5; done
(echo >/dev/tcp/127.0.0.1/$SIM_PORT) 2>/dev/null || { echo "simulator did not start; see $WORK/sim.log" >&2; exit 1; }

GW_PID=""
start_gateway() { # $1 shadow pct, $2 production model, $3 model base url, $4 classpath prefix (baseline)
  DRIFTGATE_GATEWAY_PORT=$GW_PORT DRIFTGATE_KAFKA_BOOTSTRAP=127.0.0.1:$KAFKA_PORT \
  DRIFTGATE_GATEWAY_SHADOW_PCT="$1" DRIFTGATE_GATEWAY_PRODUCTION_MODEL="$2" DRIFTGATE_MODEL_BASE_URL="$3" \
  DRIFTGATE_SAMPLING_KEY=bench-key \
    java -Xmx512m -cp "${4:-}$GW_CP" dev.driftgate.gateway.GatewayApplication >"$WORK/gateway-$1-${2//\//_}${4:+-baseline}.log" 2>&1 &
  GW_PID=$!
  for _ in $(seq 1 360); do curl -sf "http://127.0.0.1:$GW_PORT/health/liveness" >/dev/null && return 0; sleep 0.5; done
  echo "gateway did not start; see $WORK" >&2; exit 1
}
stop_gateway() { kill "$GW_PID"; wait "$GW_PID" 2>/dev/null || true; }
metric() { curl -s "http://127.0.0.1:$GW_PORT/prometheus" | awk -v m="$1" '$1 ~ "^"m {s+=$NF} END {printf "%d", s}'; }
rss_mb() { awk '/VmRSS/ {printf "%.0f", $2/1024}' "/proc/$GW_PID/status"; }
cpu_ticks() { awk '{print $14 + $15}' "/proc/$GW_PID/stat"; }
TICK=$(getconf CLK_TCK)
hwm_mb() { awk '/VmHWM/ {printf "%.0f", $2/1024}' "/proc/$GW_PID/status"; }

printf "| model | shadow %% | wrk req/s | wrk p50 | wrk p99 | gateway CPU ms/req | open-loop %d/s achieved | p50 ms | p99 ms | p99.9 ms | errors | loadgen CPU ms/req | sampled | published | dropped | RSS MB (peak) | load avg |\n" $RATE
printf "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n"
loadavg() { cut -d' ' -f1 /proc/loadavg; }
wrk_row() { # $1 label, $2 wrk args...: one closed-loop run with the gateway's CPU per request
  local label="$1"; shift
  local t0; t0="$(cpu_ticks)"
  local w; w="$(wrk -t2 -c64 -d"${DURATION}s" --latency "$@")"
  local t1; t1="$(cpu_ticks)"
  local n; n="$(echo "$w" | awk '/requests in/ {print $1}')"
  echo "$w" >"$WORK/wrk-$(echo "$label" | tr -c "A-Za-z0-9.-" "_").txt"
  printf "| %s | | %s | %s | %s | %s | | | | | | | | | | %s (%s) | %s |\n" "$label" \
    "$(echo "$w" | awk '/Requests\/sec/ {printf "%.0f", $2}')" "$(echo "$w" | awk '$1=="50%" {print $2}')" \
    "$(echo "$w" | awk '$1=="99%" {print $2}')" \
    "$(awk -v a="$t0" -v b="$t1" -v n="$n" -v hz="$TICK" 'BEGIN {printf "%.3f", (b - a) * 1000 / hz / n}')" \
    "$(rss_mb)" "$(hwm_mb)" "$(loadavg)"
}
run_case() { # $1 pct, $2 model, $3 base url, $4 classpath prefix (baseline) or empty
  start_gateway "$1" "$2" "$3" "${4:-}"
  local label="$2"; [ -n "${4:-}" ] && label="$2 (before: $BASELINE_REF)"
  local load; load="$(loadavg)"
  wrk -t2 -c32 -d5s -s scripts/bench-chat.lua "http://127.0.0.1:$GW_PORT" >/dev/null   # warm-up (JIT)
  local t0; t0="$(cpu_ticks)"
  local w; w="$(wrk -t2 -c64 -d"${DURATION}s" --latency -s scripts/bench-chat.lua "http://127.0.0.1:$GW_PORT")"
  local t1; t1="$(cpu_ticks)"
  local n; n="$(echo "$w" | awk '/requests in/ {print $1}')"
  local cpu; cpu="$(awk -v a="$t0" -v b="$t1" -v n="$n" -v hz="$TICK" 'BEGIN {printf "%.3f", (b - a) * 1000 / hz / n}')"
  echo "$w" >"$WORK/wrk-$1-${2//\//_}${4:+-baseline}.txt"
  local rps p50 p99
  rps="$(echo "$w" | awk '/Requests\/sec/ {printf "%.0f", $2}')"
  p50="$(echo "$w" | awk '$1=="50%" {print $2}')"; p99="$(echo "$w" | awk '$1=="99%" {print $2}')"
  local o; o="$(java -cp "$WORK/loadgen" OpenLoopLoad "http://127.0.0.1:$GW_PORT/chat" $RATE "$DURATION")"
  echo "$o" >"$WORK/openloop-$1-${2//\//_}${4:+-baseline}.txt"
  local op50 op99 op999 orate oerr ocpu
  ocpu="$(echo "$o" | sed -E 's/.* loadgen_cpu_ms_per_req=([0-9.]+).*/\1/')"
  orate="$(echo "$o" | sed -E 's/.* rate=([0-9]+).*/\1/')"; oerr="$(echo "$o" | sed -E 's/.* errors=([0-9]+).*/\1/')"
  op50="$(echo "$o" | sed -E 's/.* p50=([0-9.]+)ms.*/\1/')"; op99="$(echo "$o" | sed -E 's/.* p99=([0-9.]+)ms.*/\1/')"
  op999="$(echo "$o" | sed -E 's/.* p99.9=([0-9.]+)ms.*/\1/')"
  sleep 2
  printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s (%s) | %s-%s |\n" "$label" "$1" "$rps" "$p50" "$p99" "$cpu" "$orate" "$op50" "$op99" "$op999" "$oerr" "$ocpu" \
    "$(metric driftgate_gateway_shadow_sampled_total)" "$(metric driftgate_gateway_shadow_published_total)" \
    "$(metric driftgate_gateway_shadow_dropped_total)" "$(rss_mb)" "$(hwm_mb)" "$load" "$(loadavg)"
  if [ "$1" = 0 ] && [ "$2" = echo/zero ]; then
    wrk_row "floor: GET /health/liveness" "http://127.0.0.1:$GW_PORT/health/liveness"
  fi
  stop_gateway
}
# MODELS="echo/zero openai/sim-good" by default; set it to run one of them
for model in ${MODELS:-echo/zero openai/sim-good}; do
  for pct in 0 5 100; do
    run_case "$pct" "$model" "http://127.0.0.1:$SIM_PORT/v1"
    if [ -n "$BASE_CP" ] && [ "${model%%/*}" != echo ]; then run_case "$pct" "$model" "http://127.0.0.1:$SIM_PORT/v1" "$BASE_CP"; fi
  done
done
echo "logs and raw outputs: $WORK" >&2
