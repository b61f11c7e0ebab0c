#!/usr/bin/env bash
# Soak test: two demo-app instances (large bodies streamed / spilled) behind a stock nginx, under mixed load for
# SOAK_SECONDS, then a check that threads, open file descriptors, heap after GC and the spill directory are back
# where they were before the load. Exits 1 if anything grew beyond its tolerance or a request answered wrongly.
#
#   scripts/soak.sh                        # 10 minutes
#   SOAK_SECONDS=120 scripts/soak.sh       # a short run
#
# Environment (all optional):
#   DEMO_JAR              the demo jar (default demo-app/target/demo-app.jar, built with mvn if missing)
#   SOAK_SECONDS          length of the load phase (600)
#   SOAK_SETTLE_SECONDS   longest wait after the load for idle workers and connections to be let go (90)
#   NGINX                 nginx binary (/usr/sbin/nginx); FASTCGI_PARAMS (/etc/nginx/fastcgi_params)
#   TOLERANCE_THREADS (5), TOLERANCE_FDS (10), TOLERANCE_HEAP_KB (20480): allowed growth
#   KEEP_WORK_DIR=1       keep the temporary directory (logs, nginx config) for a look afterwards
# Needs: java (with jcmd), nginx, curl, wrk.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEMO_JAR="${DEMO_JAR:-$ROOT/demo-app/target/demo-app.jar}"
SOAK_SECONDS="${SOAK_SECONDS:-600}"
SOAK_SETTLE_SECONDS="${SOAK_SETTLE_SECONDS:-90}"
NGINX="${NGINX:-/usr/sbin/nginx}"
# shellcheck source=../bench/lib.sh
. "$ROOT/bench/lib.sh"
TOLERANCE_THREADS="${TOLERANCE_THREADS:-5}"
TOLERANCE_FDS="${TOLERANCE_FDS:-10}"
TOLERANCE_HEAP_KB="${TOLERANCE_HEAP_KB:-20480}"

require_tools soak java jcmd curl wrk "$NGINX"
ensure_demo_jar "$DEMO_JAR"

WORK="$(mktemp -d /tmp/fcgi-soak.XXXXXX)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "${KEEP_WORK_DIR:-0}" = 1 ]; then echo "soak: work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_app NAME MODE: starts an instance in fcgi.mode=instead on a free port, sets APP_PID and APP_PORT
start_app() {
  local name="$1" mode="$2"
  mkdir -p "$WORK/$name/spill"
  java -Xmx512m -jar "$DEMO_JAR" --fcgi.mode=instead --fcgi.port=0 \
    --fcgi.request.large-body="$mode" --fcgi.request.spill-directory="$WORK/$name/spill" \
    >"$WORK/$name/app.log" 2>&1 &
  APP_PID=$!
  PIDS+=("$APP_PID")
  APP_PORT=$(await_fcgi_port "$WORK/$name/app.log" "$APP_PID") && return
  echo "soak: $name did not start; its log:" >&2
  cat "$WORK/$name/app.log" >&2
  exit 2
}

start_app stream stream
STREAM_PID=$APP_PID; STREAM_FCGI=$APP_PORT
start_app spill spill
SPILL_PID=$APP_PID; SPILL_FCGI=$APP_PORT

STREAM_HTTP=$(free_port)
SPILL_HTTP=$(free_port)
write_fastcgi_nginx_conf "$WORK/nginx" "client_max_body_size 20m;" \
  "$STREAM_HTTP $STREAM_FCGI fastcgi_request_buffering off;" "$SPILL_HTTP $SPILL_FCGI fastcgi_request_buffering off;"
"$NGINX" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" -e "$WORK/nginx/error.log" &
PIDS+=($!)
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$SPILL_HTTP/hello" >/dev/null 2>&1 && break; sleep 0.2; done
echo "==> stream instance pid $STREAM_PID fcgi :$STREAM_FCGI (nginx :$STREAM_HTTP);" \
  "spill instance pid $SPILL_PID fcgi :$SPILL_FCGI (nginx :$SPILL_HTTP)"

head -c $((10 * 1024 * 1024)) /dev/urandom >"$WORK/upload.bin"
UPLOAD_SIZE=$((10 * 1024 * 1024))
mkdir -p "$WORK/results"

# ---- the load: each kind in its own loop until the deadline; every outcome is one line in results/<kind>

upload() {  # upload PORT: a 10 MiB body read as a stream by /count, whose answer must be its length
  curl -sS --max-time 60 -H 'Content-Type: application/octet-stream' --data-binary "@$WORK/upload.bin" \
    "http://127.0.0.1:$1/count" 2>/dev/null || true
}

loop_uploads() {  # both body modes, and an upload cut short half-way (the spill file must still go)
  local port="$1" kind="$2"
  while [ "$(date +%s)" -lt "$DEADLINE" ]; do
    if [ "$(upload "$port")" = "$UPLOAD_SIZE" ]; then echo ok; else echo bad; fi >>"$WORK/results/$kind"
    curl -sS -o /dev/null --max-time 1 --limit-rate 4M -H 'Content-Type: application/octet-stream' \
      --data-binary "@$WORK/upload.bin" "http://127.0.0.1:$port/count" 2>/dev/null || true
    echo aborted >>"$WORK/results/$kind-aborted"
  done
}

loop_sse() {
  while [ "$(date +%s)" -lt "$DEADLINE" ]; do
    ticks=$(curl -sSN --max-time 10 "http://127.0.0.1:$STREAM_HTTP/sse" 2>/dev/null | grep -c '^data:tick' || true)
    if [ "$ticks" = 3 ]; then echo ok; else echo "bad $ticks"; fi >>"$WORK/results/sse"
  done
}

loop_aborts() {  # clients giving up mid-request and mid-response
  while [ "$(date +%s)" -lt "$DEADLINE" ]; do
    curl -sS -o /dev/null --max-time 0.3 "http://127.0.0.1:$STREAM_HTTP/slow?ms=2000" 2>/dev/null || true
    curl -sS -o /dev/null --max-time 0.5 "http://127.0.0.1:$SPILL_HTTP/stream?chunks=50&delayMs=50" 2>/dev/null || true
    echo aborted >>"$WORK/results/aborts"
  done
}

loop_garbage() {  # random bytes straight to the FastCGI ports
  local port
  while [ "$(date +%s)" -lt "$DEADLINE" ]; do
    for port in "$STREAM_FCGI" "$SPILL_FCGI"; do
      timeout 5 bash -c "head -c $((1 + RANDOM % 4096)) /dev/urandom >/dev/tcp/127.0.0.1/$port" 2>/dev/null || true
    done
    echo sent >>"$WORK/results/garbage"
    sleep 0.05
  done
}

loop_gets() {  # wrk in bursts (5 s on, 5 s off), so the box stays usable
  while [ "$(date +%s)" -lt "$DEADLINE" ]; do
    wrk -t1 -c4 -d5s "http://127.0.0.1:$STREAM_HTTP/hello" 2>&1 |
      awk '/requests in/ {print $1} /Non-2xx/ {print "non2xx " $NF}' >>"$WORK/results/gets" || true
    sleep 5
  done
}

measure() {  # measure PID: threads fds heap-used-KB after a full GC
  local pid="$1" heap
  jcmd "$pid" GC.run >/dev/null
  # The heap's "total NK, used NK" lines: one for G1, one per generation for the serial and parallel collectors.
  heap=$(jcmd "$pid" GC.heap_info | awk 'match($0, /total [0-9]+K, used [0-9]+K/) {
    split(substr($0, RSTART, RLENGTH), f, /[ K,]+/); s += f[4] } END { print s + 0 }')
  echo "$(ls "/proc/$pid/task" | wc -l) $(ls "/proc/$pid/fd" | wc -l) $heap"
}

spill_state() {  # spill_state NAME: files and bytes in the instance's spill directory
  find "$WORK/$1/spill" -type f -printf '%s\n' | awk '{ n++; b += $1 } END { print n + 0, b + 0 }'
}

run_load() {  # run_load SECONDS
  DEADLINE=$(($(date +%s) + $1))
  local loops=()
  loop_gets & loops+=($!)
  loop_uploads "$STREAM_HTTP" upload-stream & loops+=($!)
  loop_uploads "$SPILL_HTTP" upload-spill & loops+=($!)
  loop_sse & loops+=($!)
  loop_aborts & loops+=($!)
  loop_garbage & loops+=($!)
  wait "${loops[@]}"
}

echo "==> warm-up (15 s of the same mix, so lazy initialisation is not counted as growth)"
run_load 15
rm -f "$WORK/results/"*
sleep 5

declare -A BEFORE
for name in stream spill; do
  pid_var="${name^^}_PID"
  BEFORE[$name]="$(measure "${!pid_var}") $(spill_state "$name")"
done

echo "==> load for $SOAK_SECONDS s"
START=$(date +%s)
run_load "$SOAK_SECONDS"
echo "    load ran $(($(date +%s) - START)) s"

echo "==> settling (up to $SOAK_SETTLE_SECONDS s for idle workers and kept connections to be let go)"
declare -A AFTER
settle_deadline=$(($(date +%s) + SOAK_SETTLE_SECONDS))
while true; do
  settled=true
  for name in stream spill; do
    pid_var="${name^^}_PID"
    AFTER[$name]="$(measure "${!pid_var}") $(spill_state "$name")"
    read -r bt bf bh bsf bsb <<<"${BEFORE[$name]}"
    read -r at af ah asf asb <<<"${AFTER[$name]}"
    if [ $((at - bt)) -gt "$TOLERANCE_THREADS" ] || [ $((af - bf)) -gt "$TOLERANCE_FDS" ] ||
      [ $((ah - bh)) -gt "$TOLERANCE_HEAP_KB" ] || [ "$asf" -gt "$bsf" ]; then
      settled=false
    fi
  done
  if $settled || [ "$(date +%s)" -ge "$settle_deadline" ]; then break; fi
  sleep 5
done

count() { if [ -f "$WORK/results/$1" ]; then grep -c "${2:-.}" "$WORK/results/$1" || true; else echo 0; fi; }
gets=$(awk '/^[0-9]/ {s += $1} END {print s + 0}' "$WORK/results/gets" 2>/dev/null || echo 0)
gets_bad=$(awk '/^non2xx/ {s += $2} END {print s + 0}' "$WORK/results/gets" 2>/dev/null || echo 0)
echo
echo "==> load done"
printf '  %-34s %s\n' "GET /hello (wrk)" "$gets requests, $gets_bad non-2xx" \
  "10 MiB uploads, stream mode" "$(count upload-stream ok) ok, $(count upload-stream bad) wrong" \
  "10 MiB uploads, spill mode" "$(count upload-spill ok) ok, $(count upload-spill bad) wrong" \
  "uploads cut off half-way" "$(count upload-stream-aborted) stream, $(count upload-spill-aborted) spill" \
  "SSE /sse (3 ticks each)" "$(count sse '^ok') ok, $(count sse bad) wrong" \
  "aborted /slow and /stream pairs" "$(count aborts)" \
  "garbage connection pairs" "$(count garbage)"

failed=0
echo
printf '  %-8s %-7s %10s %10s %14s %12s %12s\n' instance when threads fds "heap KB" "spill files" "spill bytes"
for name in stream spill; do
  read -r bt bf bh bsf bsb <<<"${BEFORE[$name]}"
  read -r at af ah asf asb <<<"${AFTER[$name]}"
  printf '  %-8s %-7s %10s %10s %14s %12s %12s\n' "$name" before "$bt" "$bf" "$bh" "$bsf" "$bsb"
  printf '  %-8s %-7s %10s %10s %14s %12s %12s\n' "$name" after "$at" "$af" "$ah" "$asf" "$asb"
  if [ $((at - bt)) -gt "$TOLERANCE_THREADS" ]; then echo "  FAIL $name: threads grew by $((at - bt))"; failed=1; fi
  if [ $((af - bf)) -gt "$TOLERANCE_FDS" ]; then echo "  FAIL $name: open fds grew by $((af - bf))"; failed=1; fi
  if [ $((ah - bh)) -gt "$TOLERANCE_HEAP_KB" ]; then echo "  FAIL $name: heap after GC grew by $((ah - bh)) KB"; failed=1; fi
  if [ "$asf" -gt "$bsf" ] || [ "$asb" -gt "$bsb" ]; then echo "  FAIL $name: spill directory grew"; failed=1; fi
  pid_var="${name^^}_PID"
  kill -0 "${!pid_var}" 2>/dev/null || { echo "  FAIL $name: the instance died"; failed=1; }
done
for kind in upload-stream upload-spill sse; do
  if [ "$(count "$kind" '^bad')" -gt 0 ] || [ "$(count "$kind" '^ok')" -eq 0 ]; then
    echo "  FAIL: $kind had wrong answers (or none right)"; failed=1
  fi
done
if [ "$gets" -eq 0 ] || [ "$gets_bad" -gt 0 ]; then echo "  FAIL: GET /hello had non-2xx answers (or none)"; failed=1; fi

if [ "$failed" -ne 0 ]; then
  KEEP_WORK_DIR=1
  echo "==> soak FAILED"
  exit 1
fi
echo "==> soak passed"
