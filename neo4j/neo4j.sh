#!/usr/bin/env bash
# Starts and stops a real Neo4j 5.26 Community server from Maven Central artifacts, for machines
# without Docker (development, tests, CI). It needs a JDK 17 and Maven.
#
#   neo4j/neo4j.sh fetch            download the server's jars into neo4j/lib (once)
#   neo4j/neo4j.sh start            start in the background; returns when Bolt answers
#   neo4j/neo4j.sh stop             stop cleanly (SIGTERM, then SIGKILL after a bound)
#   neo4j/neo4j.sh status           say whether it runs
#   neo4j/neo4j.sh logs             print the tail of its logs
#
# Environment:
#   NEO4J_DIR        directory for config, data, logs and pid   (default: neo4j/run)
#   NEO4J_BOLT_PORT  Bolt port on 127.0.0.1                      (default: 7687)
#   NEO4J_AUTH       "none" to disable authentication; otherwise authentication is on for user
#                    neo4j with NEO4J_PASSWORD, or a generated password kept in
#                    $NEO4J_DIR/password (mode 600)              (default: on)
#   NEO4J_HEAP       JVM heap                                    (default: 2g)
#   NEO4J_PAGECACHE  page cache                                  (default: 1g)
#   NEO4J_START_TIMEOUT  seconds to wait for Bolt                (default: 120)
#
# Bolt listens on 127.0.0.1 only, HTTP is off and usage reporting is disabled (otherwise the
# server tries to reach the internet).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
lib="$here/lib"
dir="${NEO4J_DIR:-$here/run}"
port="${NEO4J_BOLT_PORT:-7687}"
heap="${NEO4J_HEAP:-2g}"
pagecache="${NEO4J_PAGECACHE:-1g}"
timeout="${NEO4J_START_TIMEOUT:-120}"
pidfile="$dir/run/neo4j.pid"

die() { echo "neo4j.sh: $*" >&2; exit 1; }

fetch() {
  if [ -f "$lib/.complete" ]; then return; fi
  command -v mvn >/dev/null || die "Maven (mvn) is needed to fetch Neo4j from Maven Central"
  echo "neo4j.sh: fetching Neo4j from Maven Central into $lib (once)…" >&2
  mvn -B -q -f "$here/pom.xml" dependency:copy-dependencies >&2
  [ -f "$lib/neo4j-server-"*.jar ] 2>/dev/null || ls "$lib"/neo4j-server-*.jar >/dev/null 2>&1 \
    || die "the download did not produce the Neo4j server jars"
  touch "$lib/.complete"
}

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

bolt_up() { (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; }

logs() {
  for f in "$dir/logs/console.log" "$dir/logs/neo4j.log"; do
    [ -f "$f" ] && { echo "--- $f (last 30 lines)"; tail -n 30 "$f"; }
  done
  return 0
}

write_conf() {
  mkdir -p "$dir"/{conf,data,logs,run,import,plugins}
  local auth=true
  [ "${NEO4J_AUTH:-}" = "none" ] && auth=false
  sed -e "s#@DIR@#$dir#g" -e "s#@PORT@#$port#g" -e "s#@AUTH@#$auth#g" -e "s#@PAGECACHE@#$pagecache#g" \
    "$here/neo4j.conf" > "$dir/conf/neo4j.conf"
  echo "$auth"
}

java_flags=(
  "-Xms$heap" "-Xmx$heap"
  -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+DisableExplicitGC
  -XX:+UnlockExperimentalVMOptions -XX:+TrustFinalNonStaticFields
  -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true
  -Dlog4j2.disable.jmx=true -Dfile.encoding=UTF-8
  --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED
)

set_password() {
  # The initial password must be set before the first start, with the admin tool.
  [ -f "$dir/data/dbms/auth.ini" ] && return
  local pw="${NEO4J_PASSWORD:-}"
  if [ -z "$pw" ]; then
    if [ ! -f "$dir/password" ]; then
      (umask 077; head -c 24 /dev/urandom | base64 | tr -d '/+=' > "$dir/password")
    fi
    pw="$(cat "$dir/password")"
  fi
  NEO4J_HOME="$dir" NEO4J_CONF="$dir/conf" java -Xmx256m "${java_flags[@]:2}" -cp "$lib/*" \
    org.neo4j.cli.AdminTool dbms set-initial-password "$pw" > "$dir/logs/set-password.log" 2>&1 \
    || { cat "$dir/logs/set-password.log" >&2; die "could not set the initial password"; }
}

start() {
  command -v java >/dev/null || die "a JDK 17 (java) is needed"
  if running; then echo "neo4j.sh: already running (pid $(cat "$pidfile")) on 127.0.0.1:$port"; return; fi
  if bolt_up; then die "port $port is taken by another process"; fi
  fetch
  local auth; auth="$(write_conf)"
  [ "$auth" = true ] && set_password
  : > "$dir/logs/console.log"
  setsid java "${java_flags[@]}" -cp "$lib/*" org.neo4j.server.CommunityEntryPoint \
    --home-dir="$dir" --config-dir="$dir/conf" >> "$dir/logs/console.log" 2>&1 < /dev/null &
  echo $! > "$pidfile"
  local waited=0
  until bolt_up; do
    if ! running; then logs >&2; rm -f "$pidfile"; die "Neo4j exited during start"; fi
    if [ "$waited" -ge "$timeout" ]; then
      logs >&2; stop >/dev/null 2>&1 || true; die "Bolt did not answer on 127.0.0.1:$port within ${timeout}s"
    fi
    sleep 1; waited=$((waited + 1))
  done
  echo "neo4j.sh: Neo4j is up on bolt://127.0.0.1:$port (pid $(cat "$pidfile"), data in $dir, auth $auth, ${waited}s)"
}

stop() {
  if ! running; then rm -f "$pidfile"; echo "neo4j.sh: not running"; return; fi
  local pid; pid="$(cat "$pidfile")"
  kill -TERM "$pid"
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; echo "neo4j.sh: stopped"; return; }
    sleep 1
  done
  echo "neo4j.sh: no exit 60s after SIGTERM; killing" >&2
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  rm -f "$pidfile"
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  status) if running; then echo "running (pid $(cat "$pidfile")) on 127.0.0.1:$port"; else echo "not running"; exit 3; fi ;;
  logs) logs ;;
  *) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
