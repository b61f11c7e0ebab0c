# Functions shared by bench/run.sh and bench/peers.sh (sourced, not run).

# A TCP port free on 127.0.0.1 right now.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

# CPU ticks (user + system) of the given processes, summed.
cpu_ticks() { local t=0 p; for p in "$@"; do t=$((t + $(awk '{print $14 + $15}' "/proc/$p/stat" 2>/dev/null || echo 0))); done; echo "$t"; }

# run_wrk <url> <duration> <wrk script or ""> <nginx worker pid> <backend pid...>
#   -> "req/s p99_ms backend_us_per_request nginx_us_per_request"
# CPU time of the backend and of the nginx worker over the run, divided by the requests served: it shows where a
# request's cost goes, which the req/s alone cannot (wrk, nginx and the backend share the same cores).
run_wrk() {
    local url=$1 duration=$2 script=$3 nginx_pid=$4 out b0 n0 b1 n1 args=()
    shift 4
    [ -n "$script" ] && args=(-s "$script")
    b0=$(cpu_ticks "$@"); n0=$(cpu_ticks "$nginx_pid")
    out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency "${args[@]}" "$url")
    b1=$(cpu_ticks "$@"); n1=$(cpu_ticks "$nginx_pid")
    awk -v be=$((b1 - b0)) -v ngx=$((n1 - n0)) -v hz="$(getconf CLK_TCK)" '
        /Requests\/sec/ {rps=$2}
        / requests in / {n=$1}
        /^ +99%/ {v=$2; if (v ~ /us$/) {sub(/us/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms/,"",v)} else if (v ~ /s$/) {sub(/s/,"",v); v=v*1000}; p99=v}
        END {printf "%s %s %.1f %.1f\n", rps, p99, be * 1e6 / hz / n, ngx * 1e6 / hz / n}' <<<"$out"
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
