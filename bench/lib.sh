# Shared by the bench/ scripts (source it): the built jar, a scratch dir removed on exit with
# every server started through it, free ports and readiness checks.
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="${VIGIL_JAR:-$here/server/target/vigil-server.jar}"

require() {
    for bin in "$@"; do
        command -v "$bin" >/dev/null || { echo "bench: $bin not found (apt-get install -y redis-server redis-tools)" >&2; exit 1; }
    done
    [[ -f "$jar" ]] || { echo "bench: $jar missing; run: mvn -q -o -DskipTests package" >&2; exit 1; }
}

work="$(mktemp -d)"
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

free_port() {
    local p
    while :; do
        p=$(( 20000 + RANDOM % 20000 ))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return; fi
    done
}

wait_up() {
    for _ in $(seq 1 300); do
        redis-cli -p "$1" ping 2>/dev/null | grep -q PONG && return 0
        sleep 0.1
    done
    echo "bench: server on port $1 did not start" >&2
    cat "$work"/*.log >&2 2>/dev/null || true
    exit 1
}
