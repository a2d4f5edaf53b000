#!/usr/bin/env bash
# Replication: full sync time, replication lag under a write load, and master throughput with
# two replicas against none; Vigil beside Redis 7.0 in the same run (one kind at a time: three
# Vigil nodes, stopped, then three redis-servers).
#
#   bench/replication.sh     (builds first: mvn -B -q -o -DskipTests package)
#
# For each kind:
#   load      a master gets KEYS (1,000,000) strings `key:%012d` -> 32 B value via redis-cli --pipe
#   sync      an empty replica of the same kind: REPLICAOF, then INFO replication every 2 ms until
#             master_link_status:up (bench/replication_probe.py sync), twice (REPLICAOF NO ONE
#             between: the second sync loads over the first one's data); both kinds in their default
#             diskless mode (repl-diskless-sync yes), both with repl-diskless-sync-delay 0 (its
#             default 5 s wait for more replicas would only measure the delay)
#   lag       background write load on the master: redis-benchmark -t set -c LOAD_C (20)
#             -P LOAD_P (4) -r KEYS (unthrottled: redis-benchmark has no rate limit, so the
#             achieved rate is reported, not set); meanwhile the probe does SET lagkey <seq> on the
#             master every PROBE_US (1000) us and polls GET on the replica until it shows <seq>,
#             for LAG_SEC (10) s: lag p50/p99/max, from the master's OK to the value on the replica
#   thruput   replica detached (REPLICAOF NO ONE), warm-up (WARM, 1,000,000 pipelined SET+GET, for
#             the JIT), then redis-benchmark -t set,get -n 300000 -c 50 -P 16 with no replica, then
#             two replicas attached (full sync, waited for), the same run again
# Environment: KEYS, LAG_SEC, PROBE_US, LOAD_C, LOAD_P, WARM, VIGIL_HEAP (2g), NO_BUILD,
# VIGIL_JAVA_OPTS (extra JVM flags for the Vigil nodes, e.g. -XX:+UseTransparentHugePages),
# VIGIL_JAR (lib.sh: another build of the server jar).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
KEYS="${KEYS:-1000000}"
LAG_SEC="${LAG_SEC:-10}"
LOAD_C="${LOAD_C:-20}"
LOAD_P="${LOAD_P:-4}"
WARM="${WARM:-1000000}"
HEAP="${VIGIL_HEAP:-2g}"
export PROBE_US="${PROBE_US:-1000}"
probe="$here/bench/replication_probe.py"

if [[ -z "${NO_BUILD:-}" ]]; then (cd "$here" && mvn -B -q -o -DskipTests package); fi
require redis-server redis-cli redis-benchmark java python3

python3 - "$KEYS" > "$work/data.resp" <<'PY'
import sys
out = sys.stdout.buffer
for i in range(int(sys.argv[1])):
    k = b"key:%012d" % i
    v = b"v%031d" % i
    out.write(b"*3\r\n$3\r\nSET\r\n$%d\r\n%s\r\n$%d\r\n%s\r\n" % (len(k), k, len(v), v))
PY

# start KIND NAME -> prints the port; the process joins $pids
start() {
    local port; port=$(free_port)
    mkdir -p "$work/$2"
    if [[ $1 == vigil ]]; then
        # the flags bin/vigil-server ships with (its 20 ms pause target matters here: with G1's
        # default 200 ms, a replica's young collections right after a full sync, which copy the
        # whole loaded dataset, paused it for 100-300 ms)
        java -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -Xss512k -XX:+ExitOnOutOfMemoryError -Xms"$HEAP" -Xmx"$HEAP" \
            ${VIGIL_JAVA_OPTS:-} -jar "$jar" --port "$port" --bind 127.0.0.1 \
            --dir "$work/$2" --save '' --repl-diskless-sync-delay 0 --loglevel warning >"$work/$2.log" 2>&1 &
    else
        redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --dir "$work/$2" \
            --repl-diskless-sync yes --repl-diskless-sync-delay 0 \
            --daemonize no --logfile "$work/$2.log" >/dev/null 2>&1 &
    fi
    echo "$! $port"
}
# rps CSV-FILE TEST -> requests/s
rps() { awk -F'","' -v t="$2" '{ gsub(/"/, "", $1) } $1 == t { print $2 + 0; exit }' "$1"; }
wait_link() {
    for _ in $(seq 1 3000); do
        redis-cli -p "$1" info replication | grep -q 'master_link_status:up' && return 0
        sleep 0.05
    done
    echo "bench: replica on $1 never came up" >&2; exit 1
}

for kind in vigil redis; do
    read -r mpid mport < <(start "$kind" "$kind-m")
    read -r r1pid r1port < <(start "$kind" "$kind-r1")
    read -r r2pid r2port < <(start "$kind" "$kind-r2")
    pids+=("$mpid" "$r1pid" "$r2pid")
    wait_up "$mport"; wait_up "$r1port"; wait_up "$r2port"
    out="$work/$kind.out"
    redis-cli -p "$mport" --pipe < "$work/data.resp" >/dev/null
    echo "master_keys $(redis-cli -p "$mport" dbsize)" > "$out"

    python3 "$probe" sync "$r1port" "$mport" >> "$out"
    # a second full sync of the same replica: for Vigil the first one also pays the JIT warm-up of
    # the RDB writer/loader (a master that never saved before); both are reported
    redis-cli -p "$r1port" replicaof no one >/dev/null
    until redis-cli -p "$mport" info replication | grep -q 'connected_slaves:0'; do sleep 0.05; done
    python3 "$probe" sync "$r1port" "$mport" | sed 's/^sync_ms/sync2_ms/; s/^replica_keys/replica2_keys/' >> "$out"

    redis-benchmark -p "$mport" -t set -n 2000000000 -c "$LOAD_C" -P "$LOAD_P" -r "$KEYS" -d 32 >/dev/null 2>&1 &
    lpid=$!
    sleep 1
    python3 "$probe" lag "$mport" "$r1port" "$LAG_SEC" >> "$out"
    kill "$lpid"; wait "$lpid" 2>/dev/null || true

    redis-cli -p "$r1port" replicaof no one >/dev/null
    until redis-cli -p "$mport" info replication | grep -q 'connected_slaves:0'; do sleep 0.05; done
    redis-benchmark -p "$mport" -t set,get -n "$WARM" -c 50 -P 16 -r "$KEYS" >/dev/null 2>&1
    redis-benchmark -p "$mport" -t set,get -n 300000 -c 50 -P 16 -r "$KEYS" --csv > "$work/$kind-0.csv" 2>/dev/null
    redis-cli -p "$r1port" replicaof 127.0.0.1 "$mport" >/dev/null
    redis-cli -p "$r2port" replicaof 127.0.0.1 "$mport" >/dev/null
    wait_link "$r1port"; wait_link "$r2port"
    echo "connected_slaves $(redis-cli -p "$mport" info replication | tr -d '\r' | awk -F: '$1 == "connected_slaves" { print $2 }')" >> "$out"
    redis-benchmark -p "$mport" -t set,get -n 300000 -c 50 -P 16 -r "$KEYS" --csv > "$work/$kind-2.csv" 2>/dev/null
    sleep 1
    echo "r2_dbsize_after $(redis-cli -p "$r2port" dbsize) master_dbsize_after $(redis-cli -p "$mport" dbsize)" >> "$out"
    for t in SET GET; do
        echo "${t,,}_rps_0 $(rps "$work/$kind-0.csv" "$t")" >> "$out"
        echo "${t,,}_rps_2 $(rps "$work/$kind-2.csv" "$t")" >> "$out"
    done
    kill "$mpid" "$r1pid" "$r2pid"; wait "$mpid" "$r1pid" "$r2pid" 2>/dev/null || true
done
rm -f "$work/data.resp"

get() { awk -v k="$2" '$1 == k { print $2; exit }' "$work/$1.out"; }
echo "keys: $KEYS   machine: $(nproc) cores, load avg $(cut -d' ' -f1-3 /proc/loadavg)"
for s in vigil redis; do echo "--- $s"; sed 's/^/  /' "$work/$s.out"; done
echo "---"
awk -v vs="$(get vigil sync_ms)" -v rs="$(get redis sync_ms)" \
    -v vsy2="$(get vigil sync2_ms)" -v rsy2="$(get redis sync2_ms)" \
    -v v50="$(get vigil lag_p50_ms)" -v r50="$(get redis lag_p50_ms)" \
    -v v99="$(get vigil lag_p99_ms)" -v r99="$(get redis lag_p99_ms)" \
    -v vw="$(get vigil master_cmds_per_s)" -v rw="$(get redis master_cmds_per_s)" \
    -v vs0="$(get vigil set_rps_0)" -v vs2="$(get vigil set_rps_2)" -v vg0="$(get vigil get_rps_0)" -v vg2="$(get vigil get_rps_2)" \
    -v rs0="$(get redis set_rps_0)" -v rs2="$(get redis set_rps_2)" -v rg0="$(get redis get_rps_0)" -v rg2="$(get redis get_rps_2)" 'BEGIN {
    printf "%-36s %12s %12s %8s\n", "", "vigil", "redis", "ratio"
    printf "%-36s %12.0f %12.0f %8.2f\n", "full sync ms (REPLICAOF -> link up)", vs, rs, vs / rs
    printf "%-36s %12.0f %12.0f %8.2f\n", "  second full sync ms", vsy2, rsy2, vsy2 / rsy2
    printf "%-36s %12.3f %12.3f %8.2f\n", "lag p50 ms", v50, r50, v50 / r50
    printf "%-36s %12.3f %12.3f %8.2f\n", "lag p99 ms", v99, r99, v99 / r99
    printf "%-36s %12d %12d %8.2f\n", "master writes/s during lag run", vw, rw, vw / rw
    printf "%-36s %12.0f %12.0f %8.2f\n", "SET req/s, 0 replicas", vs0, rs0, vs0 / rs0
    printf "%-36s %12.0f %12.0f %8.2f\n", "SET req/s, 2 replicas", vs2, rs2, vs2 / rs2
    printf "%-36s %12.2f %12.2f\n", "  SET 2 replicas / 0", vs2 / vs0, rs2 / rs0
    printf "%-36s %12.0f %12.0f %8.2f\n", "GET req/s, 0 replicas", vg0, rg0, vg0 / rg0
    printf "%-36s %12.0f %12.0f %8.2f\n", "GET req/s, 2 replicas", vg2, rg2, vg2 / rg2
    printf "%-36s %12.2f %12.2f\n", "  GET 2 replicas / 0", vg2 / vg0, rg2 / rg0
}'
