#!/usr/bin/env bash
# Runs a command with a throwaway Neo4j: starts one through the launcher (authentication off,
# data in a temporary directory, Bolt on 127.0.0.1:$NEO4J_TEST_PORT), exports NEO4J_URI and
# NEO4J_AUTH=none for the command, and stops Neo4j afterwards even when the command fails. The
# command's exit status is returned.
#
# When NEO4J_URI is already set, the command runs against it as it is. When no JDK or Maven is
# present, the command runs without Neo4j (its Neo4j tests skip, saying so) unless
# REQUIRE_NEO4J=1, which makes that an error.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

if [ -n "${NEO4J_URI:-}" ]; then
  exec "$@"
fi
if ! command -v java >/dev/null || { ! command -v mvn >/dev/null && [ ! -f "$here/lib/.complete" ]; }; then
  if [ "${REQUIRE_NEO4J:-}" = 1 ]; then
    echo "with-neo4j.sh: REQUIRE_NEO4J=1 but no JDK/Maven to start Neo4j" >&2
    exit 1
  fi
  echo "with-neo4j.sh: no JDK or Maven here: running without Neo4j; the Neo4j tests will skip" >&2
  exec "$@"
fi

export NEO4J_DIR="${NEO4J_TEST_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/neo4j-test.XXXXXX")}"
export NEO4J_BOLT_PORT="${NEO4J_TEST_PORT:-7688}"
export NEO4J_AUTH=none NEO4J_HEAP="${NEO4J_HEAP:-1g}" NEO4J_PAGECACHE="${NEO4J_PAGECACHE:-512m}"
cleanup() {
  "$here/neo4j.sh" stop >/dev/null || true
  [ -z "${NEO4J_TEST_DIR:-}" ] && rm -rf "$NEO4J_DIR"
}
trap cleanup EXIT INT TERM
"$here/neo4j.sh" start
export NEO4J_URI="bolt://127.0.0.1:$NEO4J_BOLT_PORT"
set +e
"$@"
status=$?
set -e
exit $status
