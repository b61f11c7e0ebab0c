#!/usr/bin/env bash
# Compares the demo's endpoints over FastCGI and over Tomcat HTTP, both behind one nginx worker, served by one
# JVM in beside mode, alternating the two in the same run. Prints median req/s, p99 latency and the ratio.
#
#   bash bench/run.sh                      # defaults below
#   ROUNDS=5 DURATION=10s bash bench/run.sh
#   JAVA_OPTS="-XX:+UseParallelGC" APP_ARGS="--spring.threads.virtual.enabled=true" bash bench/run.sh
#   PAIRED=1 bash bench/run.sh             # both transports under load at once (see run_paired)
#
# Needs: nginx (Debian's, with /etc/nginx/fastcgi_params), wrk, a JDK; builds the demo jar if missing.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
APP_ARGS=${APP_ARGS:-}
ENDPOINTS=${ENDPOINTS:-"/hello /request /bytes?n=65536 POST:/echo"}
PAIRED=${PAIRED:-}

require_tools bench/run.sh nginx wrk "$JAVA"
ensure_demo_jar "$JAR"

dir=$(mktemp -d /tmp/fcgi-bench.XXXXXX)
cleanup() {
    stop_demo_behind_nginx "$dir"
    rm -rf "$dir"
}
trap cleanup EXIT

# shellcheck disable=SC2086
start_demo_behind_nginx "$dir" $APP_ARGS

# An endpoint is a path, or POST:<path> for a POST whose body post.lua sends: its path, and the wrk script it needs.
endpoint_path() { echo "${1#POST:}"; }
endpoint_script() { if [[ $1 == POST:* ]]; then echo "$here/post.lua"; fi; }

# run_endpoint <front port> <endpoint> <duration>: one wrk run against this JVM (see run_wrk in lib.sh)
run_endpoint() {
    run_wrk "http://127.0.0.1:$1$(endpoint_path "$2")" "$3" "$(endpoint_script "$2")" "$nginx_worker" "$app_pid"
}

# CPU ticks of the JVM's threads whose name starts with $1 (fcgi-nio-…, http-nio-…: each connector's poller and
# workers; the kernel keeps the first 15 characters of a thread's name).
thread_ticks() {
    local t=0 f
    for f in /proc/"$app_pid"/task/*; do
        # /proc/<tid>/stat would give the whole process's times; a thread's own are under task/
        [[ $(cat "$f/comm" 2>/dev/null) == "$1"* ]] && t=$((t + $(awk '{print $14 + $15}' "$f/stat" 2>/dev/null || echo 0)))
    done
    echo "$t"
}

# run_paired <endpoint> <duration> -> "FastCGI: req/s p99 µs/req  HTTP: req/s p99 µs/req"
# Both transports under load at the same time, half the connections each: on a machine whose speed drifts from one
# second to the next, both see the same machine at every instant, and the CPU each spends per request is counted
# from its own connector's threads.
run_paired() {
    local path script args=() f0 h0 f1 h1 half=$((CONNECTIONS / 2)) wrk_pid
    path=$(endpoint_path "$1"); script=$(endpoint_script "$1")
    [ -n "$script" ] && args=(-s "$script")
    f0=$(thread_ticks fcgi-nio); h0=$(thread_ticks http-nio)
    wrk -t"$THREADS" -c"$half" -d"$2" --latency "${args[@]}" "http://127.0.0.1:$FCGI_FRONT$path" >"$dir/wrk.f" &
    wrk_pid=$!
    wrk -t"$THREADS" -c"$half" -d"$2" --latency "${args[@]}" "http://127.0.0.1:$HTTP_FRONT$path" >"$dir/wrk.h"
    wait "$wrk_pid"
    f1=$(thread_ticks fcgi-nio); h1=$(thread_ticks http-nio)
    echo "$(wrk_summary "$dir/wrk.f" $((f1 - f0))) $(wrk_summary "$dir/wrk.h" $((h1 - h0)))"
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $("$JAVA" -version 2>&1 | head -1), $(nginx -v 2>&1)"
if [ -n "$PAIRED" ]; then
    echo "paired: FastCGI and HTTP under load at once, wrk -t$THREADS -c$((CONNECTIONS / 2)) each, $ROUNDS x $DURATION per endpoint after $WARMUP warm-up"
else
    echo "wrk -t$THREADS -c$CONNECTIONS, $ROUNDS x $DURATION per endpoint and transport, alternating, after $WARMUP warm-up each"
fi
# FastCGI connections the app has accepted so far, from its status endpoint (empty if it is not exposed)
accepted_connections() {
    curl -fs "http://127.0.0.1:$HTTP_PORT/actuator/fcgi" 2>/dev/null |
        python3 -c 'import json,sys; print(json.load(sys.stdin).get("acceptedConnections",""))' 2>/dev/null || true
}
accepted_before=$(accepted_connections)
if [ -n "$PAIRED" ]; then
    printf '\n| endpoint | FastCGI req/s | HTTP req/s | ratio | FastCGI p99 ms | HTTP p99 ms | connector threads µs/req FastCGI / HTTP |\n|---|---:|---:|---:|---:|---:|---:|\n'
else
    printf '\n| endpoint | FastCGI req/s | HTTP req/s | ratio | FastCGI p99 ms | HTTP p99 ms | JVM µs/req FastCGI / HTTP | nginx µs/req FastCGI / HTTP |\n|---|---:|---:|---:|---:|---:|---:|---:|\n'
fi
for endpoint in $ENDPOINTS; do
    : >"$dir/f"; : >"$dir/h"
    if [ -n "$PAIRED" ]; then
        run_paired "$endpoint" "$WARMUP" >/dev/null
        for _ in $(seq 1 "$ROUNDS"); do
            line=$(run_paired "$endpoint" "$DURATION")
            cut -d' ' -f1-3 <<<"$line" >>"$dir/f"; cut -d' ' -f4-6 <<<"$line" >>"$dir/h"
        done
    else
        run_endpoint "$FCGI_FRONT" "$endpoint" "$WARMUP" >/dev/null
        run_endpoint "$HTTP_FRONT" "$endpoint" "$WARMUP" >/dev/null
        for round in $(seq 1 "$ROUNDS"); do
            # Which transport goes first changes every round, so neither always follows the other.
            if [ $((round % 2)) = 1 ]; then
                run_endpoint "$FCGI_FRONT" "$endpoint" "$DURATION" >>"$dir/f"
                run_endpoint "$HTTP_FRONT" "$endpoint" "$DURATION" >>"$dir/h"
            else
                run_endpoint "$HTTP_FRONT" "$endpoint" "$DURATION" >>"$dir/h"
                run_endpoint "$FCGI_FRONT" "$endpoint" "$DURATION" >>"$dir/f"
            fi
        done
    fi
    f_rps=$(cut -d' ' -f1 "$dir/f" | median); h_rps=$(cut -d' ' -f1 "$dir/h" | median)
    f_p99=$(cut -d' ' -f2 "$dir/f" | median); h_p99=$(cut -d' ' -f2 "$dir/h" | median)
    f_jvm=$(cut -d' ' -f3 "$dir/f" | median); h_jvm=$(cut -d' ' -f3 "$dir/h" | median)
    row=$(printf '| `%s` | %.0f | %.0f | %.2f | %.2f | %.2f | %.0f / %.0f |' "${endpoint/POST:/POST }" \
        "$f_rps" "$h_rps" "$(awk -v f="$f_rps" -v h="$h_rps" 'BEGIN {print f / h}')" "$f_p99" "$h_p99" \
        "$f_jvm" "$h_jvm")
    if [ -z "$PAIRED" ]; then
        f_ngx=$(cut -d' ' -f4 "$dir/f" | median); h_ngx=$(cut -d' ' -f4 "$dir/h" | median)
        row="$row $(printf '%.0f / %.0f |' "$f_ngx" "$h_ngx")"
    fi
    echo "$row"
done
accepted_after=$(accepted_connections)
if [ -n "$accepted_after" ]; then
    echo
    echo "FastCGI connections accepted during the run: $((accepted_after - ${accepted_before:-0})) (nginx upstream keepalive 64)"
fi
