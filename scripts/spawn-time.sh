#!/usr/bin/env bash
# Time from spawning the demo on demand (as mod_fcgid and lighttpd "bin-path" do: the listening socket exists, the
# first request waits in its backlog while the JVM starts) to its first answer, with what the JDK and Spring Boot
# offer to start faster. Each variant runs RUNS times under spawn-fcgi; a cgi-fcgi request sent right after the
# spawn is timed until it is answered. Prints the median and the spread per variant.
#
#   scripts/spawn-time.sh                                   # the default java (JDK 17 here)
#   JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64 scripts/spawn-time.sh   # adds JDK 25's AOT cache
#
# Variants:
#   jar          java -jar demo-app.jar (the baseline)
#   extracted    java -jar extracted/demo-app.jar (java -Djarmode=tools -jar demo-app.jar extract)
#   cds          extracted + an AppCDS archive of the classes a training run loaded (-XX:SharedArchiveFile)
#   cds-c1       cds + -XX:TieredStopAtLevel=1 (C1 only: less compilation at start, slower peak)
#   cds-lazy     cds + --spring.main.lazy-initialization=true
#   aot          JDK 24+: extracted + the AOT cache of a training run (-XX:AOTCache), classes linked and profiled
# The training runs serve one request (so the request path's classes are in the archive) and stop with SIGTERM.
#
# Environment (all optional): DEMO_JAR (demo-app/target/demo-app.jar, built if missing), JAVA_HOME, RUNS (5),
# VARIANTS (all that the JDK supports), KEEP_WORK_DIR=1 to keep the archives and logs.
# Needs: spawn-fcgi, cgi-fcgi (libfcgi-bin), bash, awk.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEMO_JAR="${DEMO_JAR:-$ROOT/demo-app/target/demo-app.jar}"
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
JAVA="$(command -v "$JAVA")"
RUNS="${RUNS:-5}"
SPAWN_FCGI="$(command -v spawn-fcgi || true)"
CGI_FCGI="$(command -v cgi-fcgi || true)"
[ -n "$SPAWN_FCGI" ] || { echo "spawn-time: spawn-fcgi not found (apt-get install spawn-fcgi)" >&2; exit 2; }
[ -n "$CGI_FCGI" ] || { echo "spawn-time: cgi-fcgi not found (apt-get install libfcgi-bin)" >&2; exit 2; }
if [ ! -f "$DEMO_JAR" ]; then
  echo "==> building $DEMO_JAR"
  (cd "$ROOT" && mvn -q -DskipTests package)
fi

FEATURE="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
if [ -z "${VARIANTS:-}" ]; then
  VARIANTS="jar extracted cds cds-c1 cds-lazy"
  [ "$FEATURE" -ge 24 ] && VARIANTS="$VARIANTS aot"
fi

WORK="$(mktemp -d /tmp/fcgi-spawn-time.XXXXXX)"
cleanup() {
  if [ -n "${SPAWNED:-}" ]; then kill "$SPAWNED" 2>/dev/null || true; fi
  if [ "${KEEP_WORK_DIR:-0}" = 1 ]; then echo "work directory kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

free_port() { # a loopback port nothing listens on
  local port
  while :; do
    port=$((20000 + RANDOM % 30000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$port"; return; }
  done
}

ask() { # port -> the last line of the answer to GET /hello
  local answer deadline=$((SECONDS + 180))
  # spawn-fcgi binds a moment after it is started: until then the connection is refused at once, so ask again
  while :; do
    answer="$(env -i REQUEST_METHOD=GET REQUEST_URI=/hello SCRIPT_NAME=/hello SERVER_NAME=localhost \
        SERVER_PORT=80 SERVER_PROTOCOL=HTTP/1.1 "$CGI_FCGI" -bind -connect "127.0.0.1:$1" 2>/dev/null \
        | tr -d '\r' | tail -1 || true)"
    if [ -n "$answer" ] || [ "$SECONDS" -ge "$deadline" ] || [ -z "${SPAWNED:-}" ] \
        || ! kill -0 "$SPAWNED" 2>/dev/null; then
      echo "$answer"
      return
    fi
    sleep 0.02
  done
}

# spawn PORT LOG JAVA-ARGS... : starts the app under spawn-fcgi in the background, sets SPAWNED
spawn() {
  local port="$1" log="$2"
  shift 2
  "$SPAWN_FCGI" -a 127.0.0.1 -p "$port" -n -- "$JAVA" -Xmx128m "$@" --fcgi.inherit-channel=true \
      --fcgi.mode=instead >"$log" 2>&1 &
  SPAWNED=$!
}

stop() {
  kill "$SPAWNED" 2>/dev/null || true
  wait "$SPAWNED" 2>/dev/null || true
  SPAWNED=
}

echo "==> extracting the jar ($("$JAVA" -version 2>&1 | head -1))"
"$JAVA" -Djarmode=tools -jar "$DEMO_JAR" extract --destination "$WORK/extracted" >/dev/null
EXTRACTED="$WORK/extracted/$(basename "$DEMO_JAR")"

train() { # name JAVA-ARGS... : one training run that serves a request, then stops
  local name="$1" port
  shift
  port="$(free_port)"
  spawn "$port" "$WORK/train-$name.log" "$@"
  ask "$port" >/dev/null || true
  stop
}

needs_cds=0
needs_aot=0
for v in $VARIANTS; do
  case "$v" in cds*) needs_cds=1 ;; aot) needs_aot=1 ;; esac
done
if [ "$needs_cds" = 1 ]; then
  echo "==> training run for the AppCDS archive"
  train cds -XX:ArchiveClassesAtExit="$WORK/app.jsa" -jar "$EXTRACTED"
  [ -s "$WORK/app.jsa" ] || { echo "spawn-time: no CDS archive written; see $WORK/train-cds.log" >&2; KEEP_WORK_DIR=1; exit 1; }
fi
if [ "$needs_aot" = 1 ]; then
  echo "==> training run for the AOT cache"
  train aot -XX:AOTCacheOutput="$WORK/app.aot" -jar "$EXTRACTED"
  [ -s "$WORK/app.aot" ] || { echo "spawn-time: no AOT cache written; see $WORK/train-aot.log" >&2; KEEP_WORK_DIR=1; exit 1; }
fi

args_for() {
  case "$1" in
    jar) echo "-jar $DEMO_JAR" ;;
    extracted) echo "-jar $EXTRACTED" ;;
    cds) echo "-XX:SharedArchiveFile=$WORK/app.jsa -jar $EXTRACTED" ;;
    cds-c1) echo "-XX:SharedArchiveFile=$WORK/app.jsa -XX:TieredStopAtLevel=1 -jar $EXTRACTED" ;;
    cds-lazy) echo "-XX:SharedArchiveFile=$WORK/app.jsa -jar $EXTRACTED --spring.main.lazy-initialization=true" ;;
    aot) echo "-XX:AOTCache=$WORK/app.aot -jar $EXTRACTED" ;;
    *) echo "spawn-time: unknown variant $1" >&2; exit 2 ;;
  esac
}

printf '%-10s %8s %8s %8s   %s\n' variant median min max "runs (s)"
for v in $VARIANTS; do
  times=()
  for ((i = 1; i <= RUNS; i++)); do
    port="$(free_port)"
    start=$(date +%s%N)
    # shellcheck disable=SC2046
    spawn "$port" "$WORK/$v-$i.log" $(args_for "$v")
    answer="$(ask "$port" || true)"
    end=$(date +%s%N)
    stop
    if [ "$answer" != hello ]; then
      echo "spawn-time: $v run $i answered '$answer'; log: $WORK/$v-$i.log" >&2
      KEEP_WORK_DIR=1
      exit 1
    fi
    times+=("$(( (end - start) / 1000000 ))")
  done
  sorted=($(printf '%s\n' "${times[@]}" | sort -n))
  median="${sorted[$(( ${#sorted[@]} / 2 ))]}"
  awk -v v="$v" -v med="$median" -v min="${sorted[0]}" -v max="${sorted[-1]}" -v all="${times[*]}" 'BEGIN {
    n = split(all, t, " "); runs = ""
    for (i = 1; i <= n; i++) runs = runs sprintf("%.1f ", t[i] / 1000)
    printf "%-10s %8.2f %8.2f %8.2f   %s\n", v, med / 1000, min / 1000, max / 1000, runs }'
done
