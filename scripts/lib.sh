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
  JAVA_HELPERS=(java -Djava.util.logging.manager=org.jboss.logmanager.LogManager -cp "$HELPERS_CP")
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

# Starts a real Kafka broker with Fling's topics (and, for the operator runtime, the mock
# Kubernetes API with the testing operator) in a JVM of its own, logging to WORK/environment.log.
# Sets BOOTSTRAP (and KUBERNETES_URL). Needs build first.
start_environment() {
  local work=$1 runtime=${2:-local}
  "${JAVA_HELPERS[@]}" dev.fling.testing.DemoEnvironment "$runtime" >"$work/environment.log" 2>&1 &
  PIDS+=($!)
  BOOTSTRAP=$(await_value "$work/environment.log" BOOTSTRAP_SERVERS)
  if [ "$runtime" = operator ]; then KUBERNETES_URL=$(await_value "$work/environment.log" KUBERNETES_URL); fi
}

# Starts Fling as users run it (the packaged JVM build) with RUNTIME on PORT against the broker
# of start_environment, its local runtime working in WORK/local, logging to WORK/fling.log; waits
# until it is ready.
start_fling() {
  local work=$1 runtime=$2 port=$3
  local env=(KAFKA_BOOTSTRAP_SERVERS="$BOOTSTRAP" FLING_RUNTIME="$runtime" FLING_HTTP_PORT="$port"
             FLING_LOCAL_WORK_DIRECTORY="$work/local")
  if [ "$runtime" = operator ]; then env+=(QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL="$KUBERNETES_URL"); fi
  env "${env[@]}" java -jar target/quarkus-app/quarkus-run.jar >"$work/fling.log" 2>&1 &
  PIDS+=($!)
  await_ready "$port" "$work/fling.log"
}

# Stops the Flink clusters the local runtime started under WORK (a stopped Fling leaves its
# clusters running, to re-attach to them when it comes back), and waits until they are gone:
# a JobManager takes a few seconds to exit, and a script must not leave any behind.
stop_clusters() {
  pkill -f "$1/local" 2>/dev/null || true
  for _ in $(seq 1 60); do
    pgrep -f "$1/local" >/dev/null || return 0
    sleep 0.5
  done
  say "Flink processes under $1/local still ran 30 s after SIGTERM: killing them"
  pkill -9 -f "$1/local" 2>/dev/null || true
}

# A TCP port nobody listens on now.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("localhost", 0)); print(s.getsockname()[1]); s.close()'
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
