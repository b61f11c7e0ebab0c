#!/usr/bin/env bash
# Measures the FastCGI connector against its peers, all behind one nginx worker, alternating in the same run:
#   Tomcat FastCGI   this project's connector: the demo app in beside mode ...
#   Tomcat HTTP      ... and the same JVM's HTTP connector (the reference every ratio is against)
#   Jetty FastCGI    the same Spring MVC /hello on Jetty 12.1 with Jetty's FastCGI connector (bench/peers/jetty-fcgi)
#   Jetty HTTP       ... and that JVM's HTTP connector
#   PHP-FPM          hello.php, one static pool
# Prints median req/s, p99, the ratio to Tomcat HTTP and the CPU time per request of the server and of nginx.
#
#   bash bench/peers.sh                     # GET /hello, wrk -t1 -c32, 3 x 6 s per server after 10 s warm-up
#   ROUNDS=5 DURATION=10s bash bench/peers.sh
#
# Needs: nginx, wrk, php-fpm (Debian's php-fpm package), a JDK, Maven (builds both jars if missing).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
JETTY_JAR=${JETTY_JAR:-$here/peers/jetty-fcgi/target/jetty-fcgi-peer.jar}
ENDPOINT=${ENDPOINT:-/hello}
PHP_FPM=${PHP_FPM:-$(compgen -c php-fpm | sort -V | tail -1 || true)}

[ -n "$PHP_FPM" ] || { echo "missing: php-fpm (apt-get install php-fpm)" >&2; exit 1; }
require_tools bench/peers.sh nginx wrk "$JAVA" "$PHP_FPM"
ensure_demo_jar "$JAR"
[ -f "$JETTY_JAR" ] || mvn -q -f "$here/peers/jetty-fcgi/pom.xml" package

dir=$(mktemp -d /tmp/fcgi-peers.XXXXXX)
declare -A port
for name in TOMCAT_FCGI TOMCAT_HTTP JETTY_FCGI JETTY_HTTP PHP_PORT \
        FRONT_TOMCAT_FCGI FRONT_TOMCAT_HTTP FRONT_JETTY_FCGI FRONT_JETTY_HTTP FRONT_PHP; do
    port[$name]=$(free_port)
done

cleanup() {
    local f pid
    for f in nginx.pid php-fpm.pid; do
        [ -f "$dir/$f" ] && kill "$(cat "$dir/$f")" 2>/dev/null || true
    done
    for pid in ${tomcat_pid:-} ${jetty_pid:-}; do
        kill "$pid" 2>/dev/null || true
        wait "$pid" 2>/dev/null || true # a killed process's status would end this trap under set -e
    done
    rm -rf "$dir"
}
trap cleanup EXIT

start_demo "${port[TOMCAT_HTTP]}" "${port[TOMCAT_FCGI]}" "$dir/tomcat.log"
tomcat_pid=$demo_pid
# shellcheck disable=SC2086
"$JAVA" $JAVA_OPTS -jar "$JETTY_JAR" --server.port="${port[JETTY_HTTP]}" --peer.fcgi-port="${port[JETTY_FCGI]}" \
    --logging.level.root=WARN >"$dir/jetty.log" 2>&1 &
jetty_pid=$!

substitute() {
    local args=(-e "s|@DIR@|$dir|g" -e "s|@PEERS@|$here/peers|g" -e "s|@CHILDREN@|$CONNECTIONS|g") name
    for name in "${!port[@]}"; do args+=(-e "s|@$name@|${port[$name]}|g"); done
    sed "${args[@]}" "$1"
}
substitute "$here/peers/php-fpm.conf.template" >"$dir/php-fpm.conf"
"$PHP_FPM" -R -y "$dir/php-fpm.conf" >"$dir/php-fpm.out" 2>&1 &
substitute "$here/peers/nginx.conf.template" >"$dir/nginx.conf"
mkdir -p "$dir/client_body" "$dir/fastcgi" "$dir/proxy"
nginx -p "$dir" -c "$dir/nginx.conf" >"$dir/nginx.out" 2>&1 &

servers="TOMCAT_FCGI TOMCAT_HTTP JETTY_FCGI JETTY_HTTP PHP"
urls=(); for s in $servers; do urls+=("http://127.0.0.1:${port[FRONT_$s]}$ENDPOINT"); done
if ! wait_for "${urls[@]}"; then
    echo "a server did not come up"; tail -n 20 "$dir"/*.log "$dir"/*.out; exit 1
fi
nginx_worker=$(pgrep -P "$(cat "$dir/nginx.pid")" | head -1)

# run_server <server> <duration>: one wrk run through that server's front port, CPU counted for its process(es)
run_server() {
    local pids
    case $1 in
        TOMCAT_*) pids=$tomcat_pid ;;
        JETTY_*) pids=$jetty_pid ;;
        PHP) pids="$(cat "$dir/php-fpm.pid") $(pgrep -d' ' -P "$(cat "$dir/php-fpm.pid")")" ;;
    esac
    # shellcheck disable=SC2086
    run_wrk "http://127.0.0.1:${port[FRONT_$1]}$ENDPOINT" "$2" "" "$nginx_worker" $pids
}
label() {
    case $1 in
        TOMCAT_FCGI) echo "Tomcat FastCGI (this connector)" ;; TOMCAT_HTTP) echo "Tomcat HTTP (reference)" ;;
        JETTY_FCGI) echo "Jetty FastCGI" ;; JETTY_HTTP) echo "Jetty HTTP" ;; PHP) echo "PHP-FPM hello.php" ;;
    esac
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $("$JAVA" -version 2>&1 | head -1), $(nginx -v 2>&1), $("$PHP_FPM" -v | head -1 | cut -d' ' -f1-2)"
echo "GET $ENDPOINT, wrk -t$THREADS -c$CONNECTIONS, $ROUNDS x $DURATION per server, alternating, after $WARMUP warm-up each"
for s in $servers; do run_server "$s" "$WARMUP" >/dev/null; : >"$dir/r.$s"; done
read -ra order <<<"$servers"
for round in $(seq 1 "$ROUNDS"); do
    # The order rotates every round, so no server always runs right after the same other one.
    for i in "${!order[@]}"; do
        s=${order[$(((i + round - 1) % ${#order[@]}))]}
        run_server "$s" "$DURATION" >>"$dir/r.$s"
    done
done
reference=$(cut -d' ' -f1 "$dir/r.TOMCAT_HTTP" | median)
printf '\n| server | req/s | ratio to Tomcat HTTP | p99 ms | server µs/req | nginx µs/req |\n|---|---:|---:|---:|---:|---:|\n'
for s in $servers; do
    rps=$(cut -d' ' -f1 "$dir/r.$s" | median)
    printf '| %s | %.0f | %.2f | %.2f | %.0f | %.0f |\n' "$(label "$s")" "$rps" \
        "$(awk -v r="$rps" -v h="$reference" 'BEGIN {print r / h}')" "$(cut -d' ' -f2 "$dir/r.$s" | median)" \
        "$(cut -d' ' -f3 "$dir/r.$s" | median)" "$(cut -d' ' -f4 "$dir/r.$s" | median)"
done
