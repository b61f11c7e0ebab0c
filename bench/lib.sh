# Settings and functions shared by bench/run.sh, bench/alloc.sh, bench/peers.sh and scripts/*.sh (sourced, not run).

# Settings, from the environment when set there.
JAR=${JAR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/demo-app/target/demo-app.jar}
ROUNDS=${ROUNDS:-3}
DURATION=${DURATION:-6s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-1}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:--Xms512m -Xmx512m}
FASTCGI_PARAMS=${FASTCGI_PARAMS:-/etc/nginx/fastcgi_params}

# A TCP port free on 127.0.0.1 right now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# CPU ticks (user + system) of the given processes, summed.
cpu_ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }

# require_tools <script name> <tool>...: stops the script (exit 2: it cannot run here) when a tool is missing.
require_tools() {
    local who=$1 tool
    shift
    for tool in "$@"; do
        command -v "$tool" >/dev/null || { echo "$who: $tool not found" >&2; exit 2; }
    done
}

# ensure_demo_jar <jar>: builds the project (tests skipped) when the demo jar is missing.
ensure_demo_jar() {
    [ -f "$1" ] && return
    echo "==> building $1"
    (cd "$(dirname "${BASH_SOURCE[0]}")/.." && mvn -q -DskipTests package)
}

# start_demo <HTTP port> <FastCGI port> <log file> [more app arguments...]: starts the demo JVM in the background
# (beside mode) and sets demo_pid. HTTP keeps its connections as long as FastCGI does (no 100-request cap), so the
# two transports are compared on equal terms.
start_demo() {
    local http=$1 fcgi=$2 log=$3
    shift 3
    # shellcheck disable=SC2086
    "$JAVA" $JAVA_OPTS -jar "$JAR" --server.port="$http" --fcgi.port="$fcgi" --logging.level.root=WARN \
        --server.tomcat.max-keep-alive-requests=-1 "$@" >"$log" 2>&1 &
    demo_pid=$!
}

# wrk_summary <wrk output file> <CPU ticks spent> -> "req/s p99_ms µs_of_CPU_per_request"
wrk_summary() {
    awk -v ticks="$2" -v hz="$(getconf CLK_TCK)" '
        /Requests\/sec/ {rps=$2}
        / requests in / {n=$1}
        /^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p99=v}
        END {printf "%s %s %.1f\n", rps, p99, ticks * 1e6 / hz / n}' "$1"
}

# run_wrk <url> <duration> <wrk script or ""> <nginx worker pid> <backend pid...>
#   -> "req/s p99_ms backend_us_per_request nginx_us_per_request"
# CPU time of the backend and of the nginx worker over the run, divided by the requests served: it shows where a
# request's cost goes, which the req/s alone cannot (wrk, nginx and the backend share the same cores).
run_wrk() {
    local url=$1 duration=$2 script=$3 nginx_pid=$4 b0 n0 b1 n1 args=() out
    shift 4
    [ -n "$script" ] && args=(-s "$script")
    out=$(mktemp)
    b0=$(cpu_ticks "$@"); n0=$(cpu_ticks "$nginx_pid")
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency "${args[@]}" "$url" >"$out"
    b1=$(cpu_ticks "$@"); n1=$(cpu_ticks "$nginx_pid")
    echo "$(wrk_summary "$out" $((b1 - b0))) $(wrk_summary "$out" $((n1 - n0)) | cut -d' ' -f3)"
    rm -f "$out"
}

# The median of the numbers on standard input, one per line.
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }

# wait_for <url...>: until every URL answers 2xx, at most 60 s; fails otherwise.
wait_for() {
    local url up
    for _ in $(seq 1 120); do
        up=1
        for url in "$@"; do curl -fs "$url" >/dev/null 2>&1 || { up=0; break; }; done
        [ "$up" = 1 ] && return 0
        sleep 0.5
    done
    return 1
}

# await_fcgi_port <log file> <pid>: prints the TCP port the app logged "FastCGI listening on 127.0.0.1:PORT" for
# (an app started with --fcgi.port=0), waiting at most 120 s; fails if the process ends or never says it.
await_fcgi_port() {
    local log=$1 pid=$2 port
    for _ in $(seq 1 240); do
        port=$(sed -n 's/.*FastCGI listening on 127\.0\.0\.1:\([0-9]*\).*/\1/p' "$log" | head -1)
        [ -n "$port" ] && { echo "$port"; return 0; }
        kill -0 "$pid" 2>/dev/null || return 1
        sleep 0.5
    done
    return 1
}

# write_fastcgi_nginx_conf <dir> <http directives> <server>...: writes <dir>/nginx.conf, an nginx in the
# foreground with its pid, logs and temp files in <dir>, and one server per <server> argument,
# "LISTEN_PORT FCGI_PORT [location directives]": it listens on 127.0.0.1:LISTEN_PORT and passes every request to
# the app on 127.0.0.1:FCGI_PORT with the stock fastcgi_params ($FASTCGI_PARAMS) over kept connections.
write_fastcgi_nginx_conf() {
    local dir=$1 http=$2 server listen fcgi location n=0
    shift 2
    mkdir -p "$dir"
    {
        echo "daemon off;"
        echo "worker_processes 1;"
        echo "pid $dir/nginx.pid;"
        echo "error_log $dir/error.log warn;"
        echo "events { worker_connections 1024; }"
        echo "http {"
        echo "    access_log off;"
        for temp in client_body fastcgi proxy uwsgi scgi; do echo "    ${temp}_temp_path $dir/$temp;"; done
        [ -n "$http" ] && echo "    $http"
        for server in "$@"; do
            read -r listen fcgi location <<<"$server"
            n=$((n + 1))
            echo "    upstream app$n { server 127.0.0.1:$fcgi; keepalive 16; }"
            echo "    server {"
            echo "        listen 127.0.0.1:$listen;"
            echo "        location / {"
            echo "            include $FASTCGI_PARAMS;"
            echo "            fastcgi_pass app$n;"
            echo "            fastcgi_keep_conn on;"
            [ -n "$location" ] && echo "            $location"
            echo "        }"
            echo "    }"
        done
        echo "}"
    } >"$dir/nginx.conf"
}

# start_demo_behind_nginx <dir> [more app arguments...]: the setup of bench/run.sh and bench/alloc.sh. Starts the demo
# (beside mode) and one nginx worker from bench/nginx.conf.template in <dir>, which proxies HTTP_FRONT to Tomcat HTTP
# and FCGI_FRONT to FastCGI; waits until both answer /hello. Sets FCGI_PORT, HTTP_PORT, FCGI_FRONT, HTTP_FRONT, app_pid
# and nginx_worker; stop_demo_behind_nginx <dir> stops both.
start_demo_behind_nginx() {
    local dir=$1 template
    shift
    template="$(dirname "${BASH_SOURCE[0]}")/nginx.conf.template"
    FCGI_PORT=$(free_port); HTTP_PORT=$(free_port); FCGI_FRONT=$(free_port); HTTP_FRONT=$(free_port)
    start_demo "$HTTP_PORT" "$FCGI_PORT" "$dir/app.log" "$@"
    app_pid=$demo_pid
    sed -e "s|@DIR@|$dir|g" -e "s|@FCGI_PORT@|$FCGI_PORT|g" -e "s|@HTTP_PORT@|$HTTP_PORT|g" \
        -e "s|@FCGI_FRONT@|$FCGI_FRONT|g" -e "s|@HTTP_FRONT@|$HTTP_FRONT|g" "$template" >"$dir/nginx.conf"
    mkdir -p "$dir/client_body" "$dir/fastcgi" "$dir/proxy"
    nginx -p "$dir" -c "$dir/nginx.conf" >"$dir/nginx.out" 2>&1 &
    if ! wait_for "http://127.0.0.1:$FCGI_FRONT/hello" "http://127.0.0.1:$HTTP_FRONT/hello"; then
        echo "app did not come up"; cat "$dir/app.log"; return 1
    fi
    nginx_worker=$(pgrep -P "$(cat "$dir/nginx.pid")" | head -1)
}

# stop_demo_behind_nginx <dir>: stops what start_demo_behind_nginx started (safe to call when it did not finish).
stop_demo_behind_nginx() {
    [ -f "$1/nginx.pid" ] && kill "$(cat "$1/nginx.pid")" 2>/dev/null || true
    [ -n "${app_pid:-}" ] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null || true
}
