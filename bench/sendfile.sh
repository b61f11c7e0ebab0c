#!/usr/bin/env bash
# Downloads one file through nginx twice per round: sent by nginx from an X-Accel-Redirect the app answers
# (fcgi.sendfile.enabled), and streamed through the JVM (the same app, a server block that announces nothing).
# Prints wall time and CPU of the JVM and of the nginx worker per download, the medians over ROUNDS, then what a
# range request and If-Modified-Since get on both paths.
#   bash bench/sendfile.sh            # 1 GiB, 3 rounds; SIZE_MB=64 ROUNDS=5 bash bench/sendfile.sh
# Needs nginx, curl and the demo jar (mvn -DskipTests package).
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "$0")/lib.sh"

SIZE_MB=${SIZE_MB:-1024}
work=$(mktemp -d /tmp/fcgi-sendfile-bench.XXXXXX)
chmod 755 "$work"
mkdir -m 755 "$work/files"
trap 'kill "$nginx_master" "$demo_pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
echo "==> $SIZE_MB MiB of random bytes in $work/files/big.bin"
head -c $((SIZE_MB * 1024 * 1024)) /dev/urandom >"$work/files/big.bin"
chmod 644 "$work/files/big.bin"

http=$(free_port); fcgi=$(free_port); accel=$(free_port); plain=$(free_port)
start_demo "$http" "$fcgi" "$work/demo.log" --demo.files.directory="$work/files" \
    --fcgi.sendfile.enabled=true --fcgi.sendfile.mappings="$work/files/=/protected/"
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/error.log warn;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $work/client_body;
    fastcgi_temp_path $work/fastcgi_temp;
    sendfile on;
    upstream app { server 127.0.0.1:$fcgi; keepalive 16; }
    server {
        listen 127.0.0.1:$accel;
        location / {
            include /etc/nginx/fastcgi_params;
            fastcgi_param HTTP_X_SENDFILE_TYPE X-Accel-Redirect;
            fastcgi_pass app;
            fastcgi_keep_conn on;
        }
        location /protected/ { internal; alias $work/files/; }
    }
    server {
        listen 127.0.0.1:$plain;
        location / {
            include /etc/nginx/fastcgi_params;
            fastcgi_pass app;
            fastcgi_keep_conn on;
        }
    }
}
CONF
/usr/sbin/nginx -p "$work/" -c "$work/nginx.conf" -e "$work/error.log" -g 'daemon off;' &
nginx_master=$!
wait_for "http://127.0.0.1:$http/hello" "http://127.0.0.1:$accel/hello" "http://127.0.0.1:$plain/hello" \
    || { echo "demo or nginx did not start" >&2; cat "$work/demo.log" "$work/error.log" >&2; exit 1; }
nginx_worker=$(pgrep -P "$nginx_master" | head -1)
hz=$(getconf CLK_TCK)

# download <port> -> "wall_s jvm_cpu_s nginx_cpu_s"
download() {
    local j0 n0 wall
    j0=$(cpu_ticks "$demo_pid"); n0=$(cpu_ticks "$nginx_worker")
    wall=$(curl -fs -o /dev/null -w '%{time_total}' "http://127.0.0.1:$1/files/big.bin")
    echo "$wall $(( $(cpu_ticks "$demo_pid") - j0 )) $(( $(cpu_ticks "$nginx_worker") - n0 ))" \
        | awk -v hz="$hz" '{printf "%.2f %.2f %.2f\n", $1, $2 / hz, $3 / hz}'
}

# Warm up both paths (JIT, page cache) before measuring.
download "$accel" >/dev/null; download "$plain" >/dev/null
: >"$work/accel"; : >"$work/plain"
for round in $(seq 1 "$ROUNDS"); do
    a=$(download "$accel"); p=$(download "$plain")
    echo "round $round: X-Accel-Redirect wall/JVM CPU/nginx CPU s: $a   through the JVM: $p"
    echo "$a" >>"$work/accel"; echo "$p" >>"$work/plain"
done
for path in accel plain; do
    printf '%-6s median: wall %ss, JVM CPU %ss, nginx CPU %ss\n' "$path" \
        "$(cut -d' ' -f1 "$work/$path" | median)" "$(cut -d' ' -f2 "$work/$path" | median)" \
        "$(cut -d' ' -f3 "$work/$path" | median)"
done

echo "==> Range and If-Modified-Since through nginx"
for port in "$accel" "$plain"; do
    name=$([ "$port" = "$accel" ] && echo accel || echo plain)
    range=$(curl -s -o /dev/null -w '%{http_code} %{size_download}B %{time_total}s' -H 'Range: bytes=1000-1999' \
        "http://127.0.0.1:$port/files/big.bin")
    tail_range=$(curl -s -o /dev/null -w '%{http_code} %{size_download}B %{time_total}s' -H 'Range: bytes=-1000' \
        "http://127.0.0.1:$port/files/big.bin")
    lm=$(curl -s -D - -o /dev/null "http://127.0.0.1:$port/files/big.bin" | tr -d '\r' | sed -n 's/^Last-Modified: //Ip')
    ims=$(curl -s -o /dev/null -w '%{http_code} %{size_download}B %{time_total}s' ${lm:+-H "If-Modified-Since: $lm"} \
        "http://127.0.0.1:$port/files/big.bin")
    echo "$name: Range bytes=1000-1999 -> $range; bytes=-1000 -> $tail_range; Last-Modified '${lm:-none}', If-Modified-Since -> $ims"
done
