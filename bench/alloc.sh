#!/usr/bin/env bash
# Heap bytes the demo allocates per request, over FastCGI and over Tomcat HTTP, both behind one nginx worker (as
# bench/run.sh sets them up), served by one JVM in beside mode. Allocation does not depend on how busy the machine
# is, so it compares two builds where req/s on a shared machine cannot.
#
#   bash bench/alloc.sh                                    # demo-app/target/demo-app.jar, /hello and POST /echo
#   JAR=/tmp/before.jar ROUNDS=2 DURATION=10s bash bench/alloc.sh
#   ENDPOINTS="/hello /request POST:/echo" BODY_BYTES=128 bash bench/alloc.sh
#
# How it counts: a small probe (Java, Attach API + com.sun.management.ThreadMXBean) reads every live thread's
# allocated bytes and the JVM's total (getTotalThreadAllocatedBytes, JDK 14+: live and ended threads) before and
# after each wrk run of DURATION at -c$CONNECTIONS. Two figures per run, divided by the requests wrk counted:
#   connector  the threads of the transport under load (fcgi-nio-* or http-nio-*: acceptor, poller, workers, which
#              run the whole request including Spring MVC): exact, no background to subtract;
#   JVM        every thread but the probe's own (RMI/JMX/Attach Listener), minus the idle JVM's allocation over the
#              same time (measured once over DURATION with no load).
# Settings: JAR, ENDPOINTS (a path, or POST:<path> sent with post.lua), BODY_BYTES (POST body, default 128),
# ROUNDS (default 2), DURATION (default 10s), WARMUP (default 10s per endpoint and transport), CONNECTIONS
# (default 8), THREADS, JAVA, JAVA_OPTS, APP_ARGS as in bench/run.sh.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
ROUNDS=${ROUNDS:-2}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-8}
# shellcheck source=bench/lib.sh
. "$here/lib.sh"
APP_ARGS=${APP_ARGS:-}
ENDPOINTS=${ENDPOINTS:-"/hello POST:/echo"}
export BODY_BYTES=${BODY_BYTES:-128}

require_tools bench/alloc.sh nginx wrk "$JAVA" javac
ensure_demo_jar "$JAR"

dir=$(mktemp -d /tmp/fcgi-alloc.XXXXXX)
cleanup() {
    stop_demo_behind_nginx "$dir"
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The probe: "<pid>" -> one line per live thread "tid<TAB>allocated bytes<TAB>name", then "TOTAL<TAB>bytes" and
# "TIME<TAB>nanoseconds" (CLOCK_MONOTONIC, when it read them).
mkdir -p "$dir/probe"
cat >"$dir/probe/AllocProbe.java" <<'EOF'
import com.sun.tools.attach.VirtualMachine;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

public class AllocProbe {
    public static void main(String[] args) throws Exception {
        VirtualMachine vm = VirtualMachine.attach(args[0]);
        String url;
        try {
            url = vm.startLocalManagementAgent();
        } finally {
            vm.detach();
        }
        try (JMXConnector c = JMXConnectorFactory.connect(new JMXServiceURL(url))) {
            MBeanServerConnection s = c.getMBeanServerConnection();
            com.sun.management.ThreadMXBean t = ManagementFactory.newPlatformMXBeanProxy(s,
                    ManagementFactory.THREAD_MXBEAN_NAME, com.sun.management.ThreadMXBean.class);
            long[] ids = t.getAllThreadIds();
            ThreadInfo[] infos = t.getThreadInfo(ids);
            long[] bytes = t.getThreadAllocatedBytes(ids);
            long total = t.getTotalThreadAllocatedBytes();
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < ids.length; i++) {
                if (infos[i] != null && bytes[i] >= 0) {
                    out.append(ids[i]).append('\t').append(bytes[i]).append('\t').append(infos[i].getThreadName()).append('\n');
                }
            }
            out.append("TOTAL\t").append(total).append('\n');
            out.append("TIME\t").append(System.nanoTime()).append('\n');
            System.out.print(out);
        }
    }
}
EOF
javac -d "$dir/probe" "$dir/probe/AllocProbe.java"

# sample <file>: the probe's figures for the demo JVM.
sample() { "$JAVA" -cp "$dir/probe" AllocProbe "$app_pid" >"$1"; }

# alloc_diff <before> <after> <thread name prefix> -> "connector_bytes jvm_bytes seconds"
# connector_bytes: threads named <prefix>*; jvm_bytes: the total less the probe's own threads (RMI, JMX, Attach
# Listener; a thread started after <before> counts from 0).
alloc_diff() {
    awk -F'\t' -v prefix="$3" '
        $1 == "TIME" { t[FILENAME == ARGV[1]] = $2; next }
        $1 == "TOTAL" { total[FILENAME == ARGV[1]] = $2; next }
        FILENAME == ARGV[1] { b[$1] = $2; next }
        {
            d = $2 - (($1 in b) ? b[$1] : 0)
            if (index($3, prefix) == 1) conn += d
            if ($3 ~ /^(RMI |JMX |Attach Listener)/) probe += d
        }
        END { printf "%.0f %.0f %.3f\n", conn, total[0] - total[1] - probe, (t[0] - t[1]) / 1e9 }' "$1" "$2"
}

# shellcheck disable=SC2086
start_demo_behind_nginx "$dir" $APP_ARGS

endpoint_path() { echo "${1#POST:}"; }
endpoint_script() { if [[ $1 == POST:* ]]; then echo "$here/post.lua"; fi; }

# measure <transport> <endpoint> <duration> -> "requests connector_bytes jvm_bytes seconds non2xx"
measure() {
    local port prefix script args=()
    if [ "$1" = FastCGI ]; then port=$FCGI_FRONT; prefix=fcgi-nio; else port=$HTTP_FRONT; prefix=http-nio; fi
    script=$(endpoint_script "$2")
    [ -n "$script" ] && args=(-s "$script")
    sample "$dir/s0"
    wrk -t"$THREADS" -c"$CONNECTIONS" -d"$3" "${args[@]}" "http://127.0.0.1:$port$(endpoint_path "$2")" >"$dir/wrk"
    sample "$dir/s1"
    echo "$(awk '/ requests in / {print $1}' "$dir/wrk") $(alloc_diff "$dir/s0" "$dir/s1" "$prefix") \
$(awk '/Non-2xx/ {e=$NF} END {print e+0}' "$dir/wrk")"
}

echo "machine: $(nproc) cores, $("$JAVA" -version 2>&1 | head -1), $(nginx -v 2>&1)"
echo "jar: $JAR"
echo "wrk -t$THREADS -c$CONNECTIONS, $ROUNDS x $DURATION per endpoint and transport, after $WARMUP warm-up each; POST body $BODY_BYTES bytes"

for endpoint in $ENDPOINTS; do
    for transport in FastCGI HTTP; do measure "$transport" "$endpoint" "$WARMUP" >/dev/null; done
done
# The idle JVM's allocation (timers, metrics, ...), per second, subtracted from the JVM figures below.
sample "$dir/s0"; sleep "${DURATION%s}"; sample "$dir/s1"
read -r _ idle_bytes idle_secs <<<"$(alloc_diff "$dir/s0" "$dir/s1" none)"
idle_rate=$(awk -v b="$idle_bytes" -v s="$idle_secs" 'BEGIN {printf "%.0f", b / s}')
echo "idle JVM: $idle_bytes bytes in ${idle_secs} s ($idle_rate B/s), subtracted from the JVM column"

printf '\n| endpoint | round | transport | requests | connector B/req | JVM B/req |\n|---|---:|---|---:|---:|---:|\n'
: >"$dir/rows"
for endpoint in $ENDPOINTS; do
    for round in $(seq 1 "$ROUNDS"); do
        if [ $((round % 2)) = 1 ]; then order="FastCGI HTTP"; else order="HTTP FastCGI"; fi
        for transport in $order; do
            read -r n conn jvm secs errors <<<"$(measure "$transport" "$endpoint" "$DURATION")"
            [ "$errors" = 0 ] || echo "warning: $errors non-2xx answers on $transport $endpoint" >&2
            read -r conn_req jvm_req <<<"$(awk -v n="$n" -v c="$conn" -v j="$jvm" -v s="$secs" -v r="$idle_rate" \
                'BEGIN {printf "%.0f %.0f", c / n, (j - r * s) / n}')"
            printf '| `%s` | %s | %s | %s | %s | %s |\n' "${endpoint/POST:/POST }" "$round" "$transport" "$n" \
                "$conn_req" "$jvm_req"
            echo "$endpoint $transport $conn_req $jvm_req" >>"$dir/rows"
        done
    done
done

printf '\nmedians over the rounds:\n\n| endpoint | FastCGI connector B/req | HTTP connector B/req | ratio | FastCGI JVM B/req | HTTP JVM B/req | ratio |\n|---|---:|---:|---:|---:|---:|---:|\n'
for endpoint in $ENDPOINTS; do
    fc=$(awk -v e="$endpoint" '$1 == e && $2 == "FastCGI" {print $3}' "$dir/rows" | median)
    hc=$(awk -v e="$endpoint" '$1 == e && $2 == "HTTP" {print $3}' "$dir/rows" | median)
    fj=$(awk -v e="$endpoint" '$1 == e && $2 == "FastCGI" {print $4}' "$dir/rows" | median)
    hj=$(awk -v e="$endpoint" '$1 == e && $2 == "HTTP" {print $4}' "$dir/rows" | median)
    awk -v e="${endpoint/POST:/POST }" -v fc="$fc" -v hc="$hc" -v fj="$fj" -v hj="$hj" \
        'BEGIN {printf "| `%s` | %.0f | %.0f | %.2f | %.0f | %.0f | %.2f |\n", e, fc, hc, fc / hc, fj, hj, fj / hj}'
done
