#!/usr/bin/env bash
# Throughput of Vigil next to Redis 7.0 on the same machine, in the same run.
#
#   bench/throughput.sh            (builds nothing: run `mvn -q -o -DskipTests package` first)
#
# Starts the built Vigil jar and redis-server on free ports, runs redis-benchmark for SET, GET,
# INCR and MSET with 50 clients, without and with pipelining (-P 16), and prints requests/s
# for both and the Vigil/Redis ratio. Both servers are stopped at the end. Environment:
#   REQUESTS (200000), CLIENTS (50), TESTS ("set get incr mset"), VIGIL_HEAP (1g).
# A benchmark, not a test: it is not part of `mvn verify`.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
REQUESTS="${REQUESTS:-200000}"
CLIENTS="${CLIENTS:-50}"
TESTS="${TESTS:-set get incr mset}"
HEAP="${VIGIL_HEAP:-1g}"

require redis-server redis-benchmark redis-cli java

vport=$(free_port)
java -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Xms"$HEAP" -Xmx"$HEAP" -jar "$jar" \
    --port "$vport" --bind 127.0.0.1 --dir "$work" --loglevel warning >"$work/vigil.log" 2>&1 &
pids+=($!)
rport=$(free_port)
while [[ "$rport" == "$vport" ]]; do rport=$(free_port); done
redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" --daemonize no \
    --logfile "$work/redis.log" &
pids+=($!)

wait_up "$vport"
wait_up "$rport"

# One redis-benchmark run for one test; prints requests/s or "n/a" when the server refused it.
rps() {
    local port=$1 test=$2 pipeline=$3 out
    if ! out=$(timeout 300 redis-benchmark -p "$port" -t "$test" -n "$REQUESTS" -c "$CLIENTS" -P "$pipeline" --csv 2>"$work/bench.err"); then
        echo "n/a"; return
    fi
    if grep -q "Error from server" "$work/bench.err"; then echo "n/a"; return; fi
    awk -F'","' '/^"/ && $1 != "\"test" { gsub(/"/, "", $2); print $2; exit }' <<<"$out"
}

# Warm up both (the JIT compiles the hot path after a few hundred thousand commands; Redis does
# not care) so the measured runs compare steady states: 1M pipelined commands of each test.
for port in "$vport" "$rport"; do
    redis-benchmark -p "$port" -t "${TESTS// /,}" -n "${WARMUP:-1000000}" -c "$CLIENTS" -P 16 -q >/dev/null 2>&1 || true
done

printf '%-8s %-9s %14s %14s %8s\n' test pipeline "vigil req/s" "redis req/s" ratio
for pipeline in 1 16; do
    for t in $TESTS; do
        v=$(rps "$vport" "$t" "$pipeline")
        r=$(rps "$rport" "$t" "$pipeline")
        ratio=$(awk -v v="$v" -v r="$r" 'BEGIN { if (v == "n/a" || r == "n/a" || r == 0) print "-"; else printf "%.2f", v / r }')
        printf '%-8s %-9s %14s %14s %8s\n' "$t" "-P $pipeline" "$v" "$r" "$ratio"
    done
done
