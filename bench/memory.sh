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
# Because that is the JVM at its best, it also prints, for honesty:
#   heap    the live Java heap after the GC (jcmd GC.heap_info "used", growth over the empty node)
#   peak    the RSS high-water mark growth (VmHWM) during the load, for both processes: what the
#           machine must really provide while the data goes in (the JVM's young generation and
#           garbage, Redis's allocator peaks)
#   used    each server's INFO used_memory growth (Vigil's is its own estimate of the keyspace)
# Environment: TYPES ("hash list set zset"), SCALE (1.0: multiplies every count), VIGIL_HEAP (6g),
# VIGIL_GC (G1: the default collector of Java 17; "Serial" for -XX:+UseSerialGC).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
TYPES="${TYPES:-hash list set zset}"
SCALE="${SCALE:-1.0}"
HEAP="${VIGIL_HEAP:-6g}"
GC="${VIGIL_GC:-G1}"
require redis-server redis-cli java jcmd python3


rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
hwm_kb() { awk '/^VmHWM:/ {print $2}' "/proc/$1/status"; }
# Live heap in KiB after a GC: the "used" of "garbage-first heap total ..., used ..." (G1) or of
# the "def new generation" and "tenured generation" lines (Serial); Metaspace is not counted.
heap_kb() {
    jcmd "$1" GC.heap_info | awk '
        function kb(s) { u = substr(s, length(s)); n = substr(s, 1, length(s) - 1) + 0;
                         return u == "M" ? n * 1024 : u == "G" ? n * 1048576 : n }
        /(heap|generation) +total/ && / used [0-9]+[KMG]/ { for (i = 1; i <= NF; i++) if ($i == "used") { sub(",", "", $(i + 1)); t += kb($(i + 1)) } }
        END { print t }' | head -1
}
used_mem() { redis-cli -p "$1" info memory | awk -F: '/^used_memory:/ {print $2 + 0}'; }

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

printf '%-6s %14s %14s %7s %12s %14s %14s %14s %14s\n' type "vigil RSS +MiB" "redis RSS +MiB" ratio \
    "vigil heap" "vigil peak" "redis peak" "vigil used" "redis used"
for t in $TYPES; do
    generate "$t" > "$work/$t.resp"
    vport=$(free_port)
    java -XX:+Use${GC}GC -Xmx"$HEAP" -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -jar "$jar" \
        --port "$vport" --bind 127.0.0.1 --dir "$work" --loglevel warning >"$work/vigil-$t.log" 2>&1 &
    vpid=$!; pids+=("$vpid")
    rport=$(free_port)
    while [[ "$rport" == "$vport" ]]; do rport=$(free_port); done
    redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no --dir "$work" \
        --daemonize no --logfile "$work/redis-$t.log" &
    rpid=$!; pids+=("$rpid")
    wait_up "$vport"; wait_up "$rport"
    jcmd "$vpid" GC.run >/dev/null
    v0=$(rss_kb "$vpid"); r0=$(rss_kb "$rpid"); h0=$(heap_kb "$vpid")
    vu0=$(used_mem "$vport"); ru0=$(used_mem "$rport")
    redis-cli -p "$vport" --pipe < "$work/$t.resp" >/dev/null
    redis-cli -p "$rport" --pipe < "$work/$t.resp" >/dev/null
    jcmd "$vpid" GC.run >/dev/null; sleep 1; jcmd "$vpid" GC.run >/dev/null
    v1=$(rss_kb "$vpid"); r1=$(rss_kb "$rpid"); h1=$(heap_kb "$vpid")
    vp=$(hwm_kb "$vpid"); rp=$(hwm_kb "$rpid")
    vu1=$(used_mem "$vport"); ru1=$(used_mem "$rport")
    vk=$(redis-cli -p "$vport" dbsize); rk=$(redis-cli -p "$rport" dbsize)
    [[ "$vk" == "$rk" ]] || echo "bench: key counts differ for $t: vigil $vk, redis $rk" >&2
    awk -v t="$t" -v v=$(( v1 - v0 )) -v r=$(( r1 - r0 )) -v h=$(( h1 - h0 )) -v vp=$(( vp - v0 )) \
        -v rp=$(( rp - r0 )) -v vu=$(( vu1 - vu0 )) -v ru=$(( ru1 - ru0 )) \
        'BEGIN { printf "%-6s %14.1f %14.1f %7.2f %12.1f %14.1f %14.1f %14.1f %14.1f\n", t, v / 1024, r / 1024,
                 (r > 0 ? v / r : 0), h / 1024, vp / 1024, rp / 1024, vu / 1048576, ru / 1048576 }'
    kill "$vpid" "$rpid"; wait "$vpid" "$rpid" 2>/dev/null || true
    pids=()
    rm -f "$work/$t.resp"
done
