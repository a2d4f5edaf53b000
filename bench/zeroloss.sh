#!/usr/bin/env bash
# The cost of zero-loss mode: SET throughput and per-round latency with one replica, Vigil with
# min-replicas-ack 0 (asynchronous, as Redis) and 1 (each write's reply waits for the replica's
# ACK), against Redis 7.0 where the application asks the same with SET followed by `WAIT 1 0`.
#
#   bench/zeroloss.sh     (builds first: mvn -B -q -o -DskipTests package; NO_BUILD=1 skips it)
#
# One master + one replica of each kind (Vigil first, stopped, then Redis), both replicas
# attached and in sync before measuring. The load is bench/ZeroLossProbe.java (redis-benchmark
# cannot send SET+WAIT; run by `java` as a source file): CLIENTS (50) connections, one thread each,
# each sending rounds of PIPELINE (1, then 16) SETs of 32 B values over 1000 keys per connection
# (plus `WAIT 1 0` in wait mode), reading all replies before the next round, for RUN_SECONDS (10)
# per run. Reported: SETs/s, and p50/p99 of a round's latency in ms. The same driver for every
# row (PROBE=py: the older bench/zeroloss_probe.py, asyncio, which bounded the -P 1 rows). Rows:
#   vigil ack=0          min-replicas-ack 0: the reply does not wait (asynchronous replication)
#   vigil ack=1          min-replicas-ack 1: the reply waits until the replica ACKed the write
#   vigil ack=0 +WAIT    what a Redis application does on Vigil: SETs then WAIT 1 0
#   redis +WAIT          Redis 7.0: SETs then WAIT 1 0
#   redis                Redis 7.0 asynchronous, for reference
# Environment: RUN_SECONDS, CLIENTS, PIPELINES ("1 16"), VIGIL_HEAP (1g), NO_BUILD, VIGIL_JAR, PROBE (java|py).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SECONDS_PER_RUN="${RUN_SECONDS:-10}"
CLIENTS="${CLIENTS:-50}"
PIPELINES="${PIPELINES:-1 16}"
HEAP="${VIGIL_HEAP:-1g}"
if [[ "${PROBE:-java}" == py ]]; then probe=(python3 "$here/bench/zeroloss_probe.py")
else probe=(java -XX:+UseParallelGC "$here/bench/ZeroLossProbe.java"); fi

if [[ -z "${NO_BUILD:-}" ]]; then (cd "$here" && mvn -B -q -o -DskipTests package); fi
require redis-server redis-cli java python3

# start KIND NAME -> prints "pid port" (the caller adds the pid to $pids: this runs in a subshell)
start() {
    local port; port=$(free_port)
    mkdir -p "$work/$2"
    if [[ $1 == vigil ]]; then
        java -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Xss512k -Xms"$HEAP" -Xmx"$HEAP" -jar "$jar" \
            --port "$port" --bind 127.0.0.1 --dir "$work/$2" --save '' --repl-diskless-sync-delay 0 \
            --loglevel warning >"$work/$2.log" 2>&1 &
    else
        redis-server --port "$port" --bind 127.0.0.1 --dir "$work/$2" --save '' --appendonly no \
            --repl-diskless-sync-delay 0 --daemonize no --logfile "$work/$2.log" >/dev/null 2>&1 &
    fi
    echo "$! $port"
}

in_sync() {
    local m r
    m=$(redis-cli -p "$1" info replication | tr -d '\r' | awk -F: '/^master_repl_offset/ {print $2}')
    r=$(redis-cli -p "$2" info replication | tr -d '\r' | awk -F: '/^slave_repl_offset/ {print $2}')
    [[ -n "$m" && "$m" == "$r" ]] && redis-cli -p "$2" info replication | grep -q 'master_link_status:up'
}

pair() {   # KIND -> sets master/replica ports, replica attached and in sync
    local mpid rpid
    read -r mpid master < <(start "$1" "$1-master")
    read -r rpid replica < <(start "$1" "$1-replica")
    pids+=("$mpid" "$rpid")
    wait_up "$master"; wait_up "$replica"
    redis-cli -p "$replica" replicaof 127.0.0.1 "$master" >/dev/null
    for _ in $(seq 1 300); do in_sync "$master" "$replica" && return 0; sleep 0.1; done
    echo "bench: $1 replica did not sync" >&2; exit 1
}

row() {   # LABEL PORT MODE PIPELINE
    local out
    out=$("${probe[@]}" "$2" "$3" "$4" "$CLIENTS" "$SECONDS_PER_RUN")
    read -r sets p50 p99 errors <<<"$out"
    printf '%-18s %-5s %12s %9s %9s %7s\n' "$1" "-P $4" "$sets" "$p50" "$p99" "$errors"
}

echo "machine: $(nproc) cores, load avg $(cut -d' ' -f1-3 /proc/loadavg) (before)"
printf '%-18s %-5s %12s %9s %9s %7s\n' setup pipe "SET/s" "p50 ms" "p99 ms" errors
pair vigil
# warm-up for the JIT (both modes' paths), not reported
redis-cli -p "$master" config set min-replicas-ack 1 >/dev/null
"${probe[@]}" "$master" plain 16 "$CLIENTS" 5 >/dev/null
redis-cli -p "$master" config set min-replicas-ack 0 >/dev/null
"${probe[@]}" "$master" plain 16 "$CLIENTS" 5 >/dev/null
for p in $PIPELINES; do
    redis-cli -p "$master" config set min-replicas-ack 0 >/dev/null
    row "vigil ack=0" "$master" plain "$p"
    redis-cli -p "$master" config set min-replicas-ack 1 >/dev/null
    row "vigil ack=1" "$master" plain "$p"
    redis-cli -p "$master" config set min-replicas-ack 0 >/dev/null
    row "vigil ack=0 +WAIT" "$master" wait "$p"
done
for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
pids=()

pair redis
for p in $PIPELINES; do
    row "redis +WAIT" "$master" wait "$p"
    row "redis" "$master" plain "$p"
done
echo "load avg $(cut -d' ' -f1-3 /proc/loadavg) (after)"
