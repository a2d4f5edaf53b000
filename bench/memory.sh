#!/usr/bin/env bash
# Memory of the same data set in Vigil and in Redis 7.0, per type, in the same run.
#
#   bench/memory.sh        (run `mvn -q -o -DskipTests package` first)
#
# For each type a fresh Vigil and a fresh redis-server are started on free ports and loaded with
# the same commands through `redis-cli --pipe`:
#   hash  1,000,000 small hashes (5 fields, short values)
#   list    100,000 lists of 100 elements
#   set     100,000 sets of 10 members (half integer sets, half strings)
#   zset    100,000 sorted sets of 10 members
# It prints each process's RSS growth (VmRSS after load minus before) and the Vigil/Redis ratio.
# Vigil's RSS is taken after a full GC (jcmd GC.run) with a heap that shrinks after GC, so it
# counts live data plus the JVM's own footprint, not garbage waiting for a collection.
# Environment: TYPES ("hash list set zset"), SCALE (1.0: multiplies every count), VIGIL_HEAP (6g).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
jar="$here/server/target/vigil-server.jar"
TYPES="${TYPES:-hash list set zset}"
SCALE="${SCALE:-1.0}"
HEAP="${VIGIL_HEAP:-6g}"
for bin in redis-server redis-cli java jcmd python3; do
    command -v "$bin" >/dev/null || { echo "bench: $bin not found" >&2; exit 1; }
done
[[ -f "$jar" ]] || { echo "bench: $jar missing; run: mvn -q -o -DskipTests package" >&2; exit 1; }

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
    echo "bench: server on port $1 did not start" >&2; exit 1
}
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }

# Writes the RESP commands that load one type's data set to stdout.
generate() {
    python3 - "$1" "$SCALE" <<'PY'
import sys
kind, scale = sys.argv[1], float(sys.argv[2])
out = sys.stdout.buffer
def cmd(*args):
    parts = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(a), a))
    out.write(b"".join(parts))
if kind == "hash":
    for i in range(int(1_000_000 * scale)):
        cmd("HSET", "user:%d" % i, "name", "user%d" % i, "age", i % 90, "city", "Paris",
            "email", "u%d@example.com" % i, "score", i % 1000)
elif kind == "list":
    for i in range(int(100_000 * scale)):
        cmd("RPUSH", "list:%d" % i, *["item-%d" % j for j in range(100)])
elif kind == "set":
    for i in range(int(100_000 * scale)):
        if i % 2:
            cmd("SADD", "set:%d" % i, *[i * 10 + j for j in range(10)])
        else:
            cmd("SADD", "set:%d" % i, *["tag-%d" % ((i + j) % 5000) for j in range(10)])
elif kind == "zset":
    for i in range(int(100_000 * scale)):
        args = []
        for j in range(10):
            args += [(i * j) % 1000 + 0.5, "player-%d" % j]
        cmd("ZADD", "board:%d" % i, *args)
PY
}

printf '%-6s %16s %16s %8s\n' type "vigil RSS +MiB" "redis RSS +MiB" ratio
for t in $TYPES; do
    generate "$t" > "$work/$t.resp"
    vport=$(free_port)
    java -XX:+UseG1GC -Xmx"$HEAP" -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -jar "$jar" \
        --port "$vport" --bind 127.0.0.1 --dir "$work" --loglevel warning >"$work/vigil-$t.log" 2>&1 &
    vpid=$!; pids+=("$vpid")
    rport=$(free_port)
    while [[ "$rport" == "$vport" ]]; do rport=$(free_port); done
    redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
        --daemonize no --logfile "$work/redis-$t.log" &
    rpid=$!; pids+=("$rpid")
    wait_up "$vport"; wait_up "$rport"
    jcmd "$vpid" GC.run >/dev/null
    v0=$(rss_kb "$vpid"); r0=$(rss_kb "$rpid")
    redis-cli -p "$vport" --pipe < "$work/$t.resp" >/dev/null
    redis-cli -p "$rport" --pipe < "$work/$t.resp" >/dev/null
    jcmd "$vpid" GC.run >/dev/null; sleep 1; jcmd "$vpid" GC.run >/dev/null
    v1=$(rss_kb "$vpid"); r1=$(rss_kb "$rpid")
    vk=$(redis-cli -p "$vport" dbsize); rk=$(redis-cli -p "$rport" dbsize)
    [[ "$vk" == "$rk" ]] || echo "bench: key counts differ for $t: vigil $vk, redis $rk" >&2
    awk -v t="$t" -v v=$(( v1 - v0 )) -v r=$(( r1 - r0 )) \
        'BEGIN { printf "%-6s %16.1f %16.1f %8.2f\n", t, v / 1024, r / 1024, (r > 0 ? v / r : 0) }'
    kill "$vpid" "$rpid"; wait "$vpid" "$rpid" 2>/dev/null || true
    pids=()
    rm -f "$work/$t.resp"
done
