#!/usr/bin/env bash
# Runs the producer against the CryptoCompare simulator and a real broker for DURATION seconds while
# injecting faults (dropped sockets, malformed JSON on REST and the stream, HTTP 5xx/429, slow
# answers, rate limits, missing heartbeats, a silent stream, a producer restart), then checks the
# topics: valid ticks, never repeated, matching what the simulator emitted; gap-free candles whose
# closed minutes equal the simulator's. Needs KAFKA_BROKERS (node packages/local-infra/dist/cli.js up)
# and built packages (npx turbo run build --filter=@mdp/producer... --filter=@mdp/cryptocompare-simulator).
#   KAFKA_BROKERS=127.0.0.1:9092 DURATION=300 apps/producer/scripts/fault-soak.sh
set -euo pipefail
cd "$(dirname "$0")/../../.."
: "${KAFKA_BROKERS:?set KAFKA_BROKERS}"
DURATION=${DURATION:-480}
SIM_PORT=${SIM_PORT:-18190}
HTTP_PORT=${HTTP_PORT:-19191}
NS=${NS:-soak-$(date +%s)}
OUT=${OUT:-/tmp/producer-soak-$NS}
mkdir -p "$OUT"
SIM="http://127.0.0.1:$SIM_PORT"
export KAFKA_BROKERS TOPIC_NAMESPACE=$NS

node packages/cryptocompare-simulator/dist/cli.js --port "$SIM_PORT" --pairs BTC-USD,ETH-USD,SOL-USD \
  --seed 42 --tick-rate 2 --heartbeat-ms 5000 --candle-update-ms 5000 >"$OUT/sim.log" 2>&1 &
SIM_PID=$!
PRODUCER_PID=""
cleanup() {
  [ -n "$PRODUCER_PID" ] && kill -TERM "$PRODUCER_PID" 2>/dev/null || true
  kill -TERM "$SIM_PID" 2>/dev/null || true
}
trap cleanup EXIT
sleep 2

start_producer() {
  CRYPTOCOMPARE_BASE_URL=$SIM CRYPTOCOMPARE_WS_URL="ws://127.0.0.1:$SIM_PORT/v2" HTTP_PORT=$HTTP_PORT \
    PRODUCER_PAIRS=BTC-USD,ETH-USD,SOL-USD PRODUCER_POLL_INTERVAL_MS=2000 PRODUCER_STREAM_HEARTBEAT_MS=5000 \
    PRODUCER_HTTP_TIMEOUT_MS=5000 PRODUCER_BACKFILL_LOOKBACK_MS=1800000 PRODUCER_CANDLE_POLL_INTERVAL_MS=15000 \
    node apps/producer/dist/main.js >>"$OUT/producer.log" 2>>"$OUT/producer.err" &
  PRODUCER_PID=$!
}
stop_producer() {
  kill -TERM "$PRODUCER_PID"
  local code=0
  wait "$PRODUCER_PID" || code=$?
  echo "producer exited with $code"
  [ "$code" -eq 0 ] || { echo "FAIL: producer did not stop cleanly"; exit 1; }
  PRODUCER_PID=""
}
fault() { curl -sf -X POST "$SIM/_sim/faults" -H 'content-type: application/json' -d "$1" >/dev/null; echo "$(date +%T) fault $1"; }
alive() {
  kill -0 "$PRODUCER_PID" 2>/dev/null || { echo "FAIL: producer died"; tail -20 "$OUT/producer.log"; exit 1; }
  curl -sf "http://127.0.0.1:$HTTP_PORT/healthz" >/dev/null || { echo "FAIL: /healthz"; exit 1; }
}

start_producer
sleep 10
FAULTS=(
  '{"dropSockets":true}'
  '{"malformed":{"kind":"non-json","ratio":0.4}}'
  '{"streamMalformed":{"count":8}}'
  'RESTART'
  '{"rateLimit":{"second":1,"minute":8}}'
  '{"heartbeats":false}'
  '{"malformed":{"kind":"nan-price","ratio":0.5}}'
  '{"status":{"code":500,"ratio":0.5}}'
  '{"streamSilent":true}'
  '{"malformed":{"kind":"truncated","ratio":0.5}}'
  '{"delay":{"ms":7000,"count":2}}'
  '{"malformed":{"kind":"missing-fields","ratio":0.5}}'
  '{"status":{"code":429,"count":3}}'
  '{"malformed":{"kind":"wrong-types","ratio":0.5}}'
  '{"malformed":{"kind":"null-price","ratio":0.5}}'
)
END=$((SECONDS + DURATION))
i=0
while [ $SECONDS -lt $END ]; do
  f=${FAULTS[$((i % ${#FAULTS[@]}))]}
  i=$((i + 1))
  if [ "$f" = RESTART ]; then
    echo "$(date +%T) restarting the producer (down 70 s: at least one whole minute missed)"
    stop_producer
    sleep 70
    start_producer
    sleep 15
  else
    alive
    fault "$f"
    sleep 18
    fault '{"clear":true,"rateLimit":{"second":50},"heartbeats":true,"streamSilent":false}'
    sleep 8
  fi
done
alive
curl -sf "http://127.0.0.1:$HTTP_PORT/metrics" >"$OUT/metrics.txt"
stop_producer
sleep 1
SIM_URL=$SIM node apps/producer/dist/tools/verify-topics.js | tee "$OUT/verify.json"
grep -E '^producer_(api_errors|stream_reconnects|stream_dead|rate_limit_waits|payloads_skipped|stream_invalid|ticks_not_published)' "$OUT/metrics.txt" | grep -v ' 0$' || true
echo "logs in $OUT"
