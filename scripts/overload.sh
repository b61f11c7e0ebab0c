#!/usr/bin/env bash
# Overload measurement: the demo app with a small pool and wait queue (fcgi.pool.size=4, fcgi.pool.queue-size=4)
# behind nginx, hit by CLIENTS concurrent GET /slow?ms=SLOW_MS. Reports how many got 200 and how many 503, how fast
# the 503s came back, and whether every accepted request completed. Exits 1 if an accepted request failed or got
# an answer other than 200/503, refusals were as slow as served requests (median), or more requests were let in
# than pool + queue allow (a served request waited more rounds than the queue can hold, or more than pool + queue
# got 200 although every client had started before a slot could free up).
#
#   scripts/overload.sh
#
# Environment (all optional): DEMO_JAR (default demo-app/target/demo-app.jar, built if missing), CLIENTS (64),
# SLOW_MS (1000), POOL_SIZE (4), QUEUE_SIZE (4), NGINX (/usr/sbin/nginx), FASTCGI_PARAMS (/etc/nginx/fastcgi_params).
# Needs: java, nginx, curl.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEMO_JAR="${DEMO_JAR:-$ROOT/demo-app/target/demo-app.jar}"
CLIENTS="${CLIENTS:-64}"
SLOW_MS="${SLOW_MS:-1000}"
POOL_SIZE="${POOL_SIZE:-4}"
QUEUE_SIZE="${QUEUE_SIZE:-4}"
NGINX="${NGINX:-/usr/sbin/nginx}"
# shellcheck source=../bench/lib.sh
. "$ROOT/bench/lib.sh"

require_tools overload java curl "$NGINX"
ensure_demo_jar "$DEMO_JAR"

WORK="$(mktemp -d /tmp/fcgi-overload.XXXXXX)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

java -jar "$DEMO_JAR" --fcgi.mode=instead --fcgi.port=0 \
  --fcgi.pool.size="$POOL_SIZE" --fcgi.pool.min-spare="$POOL_SIZE" --fcgi.pool.queue-size="$QUEUE_SIZE" \
  >"$WORK/app.log" 2>&1 &
APP_PID=$!
PIDS+=("$APP_PID")
FCGI_PORT=$(await_fcgi_port "$WORK/app.log" "$APP_PID") ||
  { echo "overload: the app did not start:" >&2; cat "$WORK/app.log" >&2; exit 2; }

HTTP_PORT=$(free_port)
write_fastcgi_nginx_conf "$WORK/nginx" "" "$HTTP_PORT $FCGI_PORT"
"$NGINX" -c "$WORK/nginx/nginx.conf" -p "$WORK/nginx" -e "$WORK/nginx/error.log" &
PIDS+=($!)
for _ in $(seq 1 50); do curl -fsS "http://127.0.0.1:$HTTP_PORT/hello" >/dev/null 2>&1 && break; sleep 0.2; done
# Warm the slow path up, one at a time, so class loading is not measured.
curl -fsS "http://127.0.0.1:$HTTP_PORT/slow?ms=10" >/dev/null

echo "==> $CLIENTS concurrent GET /slow?ms=$SLOW_MS; pool $POOL_SIZE, queue $QUEUE_SIZE (nginx :$HTTP_PORT -> fcgi :$FCGI_PORT)"
start=$(date +%s%N)
clients=()
for i in $(seq 1 "$CLIENTS"); do
  curl -sS --max-time 30 -o "$WORK/body.$i" -w '%{http_code} %{time_total}\n' \
    "http://127.0.0.1:$HTTP_PORT/slow?ms=$SLOW_MS" >"$WORK/status.$i" 2>&1 &
  clients+=($!)
done
spawn_ms=$((($(date +%s%N) - start) / 1000000))
wait "${clients[@]}" || true
wall_ms=$((($(date +%s%N) - start) / 1000000))

cat "$WORK"/status.* >"$WORK/all"
ok=$(awk '$1 == 200' "$WORK/all" | wc -l)
refused=$(awk '$1 == 503' "$WORK/all" | wc -l)
other=$(awk '$1 != 200 && $1 != 503' "$WORK/all" | wc -l)
completed=0
for i in $(seq 1 "$CLIENTS"); do
  if [ "$(cut -d' ' -f1 "$WORK/status.$i")" = 200 ] && [ "$(cat "$WORK/body.$i")" = slow ]; then
    completed=$((completed + 1))
  fi
done
stats() {  # min / median / max of the latencies (s) of one status
  awk -v s="$1" '$1 == s {print $2}' "$WORK/all" | sort -n |
    awk '{v[NR] = $1} END { if (NR == 0) { print "-"; exit } printf "%.3f / %.3f / %.3f s", v[1], v[int((NR + 1) / 2)], v[NR] }'
}
echo
printf '  %-28s %s\n' "200" "$ok (answered 'slow': $completed)" \
  "503" "$refused" \
  "other" "$other" \
  "200 latency min/median/max" "$(stats 200)" \
  "503 latency min/median/max" "$(stats 503)" \
  "clients started within" "$spawn_ms ms" \
  "wall time" "$wall_ms ms"
if [ "$other" -gt 0 ]; then
  echo "  other answers:"; awk '$1 != 200 && $1 != 503 {print "    " $0}' "$WORK/all" | sort | uniq -c
fi
echo "  after the burst: $(curl -sS "http://127.0.0.1:$HTTP_PORT/actuator/fcgi" |
  grep -o '"\(requests\|maxQueued\|maxActiveWorkers\|maxWorkersReached\|activeWorkers\|queued\)":[0-9]*' | tr '\n' ' ')"

failed=0
expected=$((POOL_SIZE + QUEUE_SIZE))
if [ "$completed" -ne "$ok" ]; then echo "FAIL: $((ok - completed)) accepted request(s) did not complete"; failed=1; fi
if [ "$other" -gt 0 ]; then echo "FAIL: answers other than 200 and 503"; failed=1; fi
if [ "$ok" -lt "$expected" ]; then echo "FAIL: only $ok accepted, pool + queue = $expected"; failed=1; fi
# A request let in waits at most for the queue ahead of it: ceil(queue / pool) rounds, then its own round. Slower
# means more requests were waiting than fcgi.pool.queue-size allows (a round of slack for a busy box).
rounds=$((1 + (QUEUE_SIZE + POOL_SIZE - 1) / POOL_SIZE))
limit_ms=$(((rounds + 1) * SLOW_MS))
slowest_ms=$(awk '$1 == 200 {print int($2 * 1000)}' "$WORK/all" | sort -n | tail -1)
if [ "${slowest_ms:-0}" -gt "$limit_ms" ]; then
  echo "FAIL: a served request took $slowest_ms ms (limit $limit_ms): more requests waited than" \
    "fcgi.pool.queue-size=$QUEUE_SIZE allows"
  failed=1
fi
if [ "$ok" -gt "$expected" ] && [ "$spawn_ms" -lt $((SLOW_MS / 2)) ]; then
  # Every client was in before any slot could free up: exactly pool + queue should have been let in.
  echo "FAIL: $ok accepted, more than pool + queue = $expected, though every client started within $spawn_ms ms"
  failed=1
fi
median503=$(awk '$1 == 503 {print $2}' "$WORK/all" | sort -n | awk '{v[NR] = $1} END { print (NR ? v[int((NR + 1) / 2)] : 0) }')
if awk -v m="$median503" -v limit="$SLOW_MS" 'BEGIN { exit !(m * 1000 >= limit) }'; then
  echo "FAIL: the median refusal took as long as a served request ($median503 s)"; failed=1
fi
[ "$failed" -eq 0 ] && echo "==> overload behaved: $ok served, $refused refused at once"
exit "$failed"
