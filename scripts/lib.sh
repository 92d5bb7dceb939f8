# Shared by the scripts: build once, know the classpath of the test helpers, clean up on exit.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

say() { printf '[%s] %s\n' "$(basename "$0")" "$*"; }

# Builds the packaged app and the helper classes (broker, mock API server, testing operator).
build() {
  say "building Fling and its helpers (mvn package; the first run downloads dependencies)"
  mvn -q -B package -DskipTests -DskipITs
  mvn -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
  HELPERS_CP="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
}

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT INT TERM

# Waits until FILE has a line KEY=value and prints the value.
await_value() {
  local file=$1 key=$2 seconds=${3:-90}
  for _ in $(seq 1 $((seconds * 10))); do
    if grep -q "^$key=" "$file" 2>/dev/null; then grep "^$key=" "$file" | head -1 | cut -d= -f2-; return 0; fi
    sleep 0.1
  done
  say "gave up waiting for $key in $file"; tail -20 "$file" >&2; return 1
}

# Waits until Fling on PORT reports ready.
await_ready() {
  local port=$1 log=$2 seconds=${3:-90}
  for _ in $(seq 1 $((seconds * 10))); do
    if curl -fs "http://localhost:$port/q/health/ready" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  say "Fling did not become ready within ${seconds}s; its readiness says:"
  curl -s "http://localhost:$port/q/health/ready" >&2 || true
  tail -30 "$log" >&2
  return 1
}
