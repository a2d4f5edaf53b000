#!/usr/bin/env bash
# Snapshots: SAVE time and file size, and BGSAVE under a write load, Vigil beside Redis 7.0.
#
#   bench/snapshot.sh        (builds first: mvn -B -q -o -DskipTests package)
#
# Vigil and a redis-server are started on free ports in the same run and loaded through
# `redis-cli --pipe` with the same commands: 1,000,000 keys of mixed types (SCALE multiplies):
#   400,000 strings   key:%012d, a quarter each: integer, 16 B, 64 B text (LZF), 100 B hex;
#                     one in ten with a TTL (10 days)
#   150,000 hashes    5 short fields (listpack)
#   150,000 lists     10 elements (listpack / one quicklist node)
#   150,000 sets      8 members: half integers (intset), half strings (listpack in 7.2,
#                     hashtable in 7.0)
#   150,000 zsets     8 members (listpack)
# Then, for each server:
#   SAVE      client-side wall time of SAVE (SAVES runs, default 5): the first ("cold": for
#             Vigil the save path is not JIT-compiled yet) and the median of the others ("warm"),
#             and the size of the .rdb file
#   BGSAVE    under a continuous write load (redis-benchmark -c 10 overwriting random string
#             keys: SET key:__rand_int__ <64 B> -r 400000), run by bench/snapshot_probe.py:
#             a GET probe every PROBE_US (1000) microseconds on its own connection gives p50/p99/max
#             for an idle window (the load, no save; IDLE_SEC, default 5) and for the windows
#             where rdb_bgsave_in_progress:1 (ROUNDS, default 3, BGSAVEs); memory is sampled
#             every 20 ms: VmRSS of the server, the forked child's Private_Dirty for Redis (its
#             copy-on-write), the Java heap in use for Vigil (jstat), and rdb_last_cow_size.
# "Extra memory during BGSAVE": Redis = peak child Private_Dirty + parent's RSS growth;
# Vigil = RSS growth (peak while saving minus peak of the idle window). Both are also printed raw.
# Environment: SCALE (1.0), SAVES (5), ROUNDS (3), IDLE_SEC (5), PROBE_US (1000),
# VIGIL_HEAP (4g), VIGIL_GC (G1), NO_BUILD (set to skip the build).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
SCALE="${SCALE:-1.0}"
SAVES="${SAVES:-5}"
ROUNDS="${ROUNDS:-3}"
IDLE_SEC="${IDLE_SEC:-5}"
HEAP="${VIGIL_HEAP:-4g}"
GC="${VIGIL_GC:-G1}"
export PROBE_US="${PROBE_US:-1000}"
probe="$here/bench/snapshot_probe.py"

if [[ -z "${NO_BUILD:-}" ]]; then (cd "$here" && mvn -B -q -o -DskipTests package); fi
require redis-server redis-cli redis-benchmark java jstat python3

python3 - "$SCALE" > "$work/data.resp" <<'PY'
import sys
scale = float(sys.argv[1])
out = sys.stdout.buffer
def cmd(*args):
    parts = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(a), a))
    out.write(b"".join(parts))
n = lambda k: int(k * scale)
for i in range(n(400_000)):
    k = "key:%012d" % i
    v = (str(i * 7), "v%015d" % i, ("user %d logged in from 10.0.%d.%d " % (i, i % 256, i % 100)).ljust(64, "-"),
         ("%032x" % (i * 2654435761 % (1 << 128))) * 3 + "%04d" % (i % 10000))[i % 4]
    if i % 10 == 0:
        cmd("SET", k, v, "EX", 864000)
    else:
        cmd("SET", k, v)
for i in range(n(150_000)):
    cmd("HSET", "hash:%d" % i, "name", "user%d" % i, "age", i % 90, "city", "Paris",
        "email", "u%d@example.com" % i, "score", i % 1000)
for i in range(n(150_000)):
    cmd("RPUSH", "list:%d" % i, *["item-%d" % (i + j) for j in range(10)])
for i in range(n(150_000)):
    if i % 2:
        cmd("SADD", "set:%d" % i, *[i * 10 + j for j in range(8)])
    else:
        cmd("SADD", "set:%d" % i, *["tag-%d" % ((i + j) % 5000) for j in range(8)])
for i in range(n(150_000)):
    args = []
    for j in range(8):
        args += [(i * j) % 1000 + 0.5, "player-%d" % j]
    cmd("ZADD", "zset:%d" % i, *args)
PY

mkdir -p "$work/vigil" "$work/redis"
vport=$(free_port)
java -XX:+Use${GC}GC -Xmx"$HEAP" -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -jar "$jar" \
    --port "$vport" --bind 127.0.0.1 --dir "$work/vigil" --save '' --loglevel warning >"$work/vigil.log" 2>&1 &
vpid=$!; pids+=("$vpid")
rport=$(free_port)
while [[ "$rport" == "$vport" ]]; do rport=$(free_port); done
redis-server --port "$rport" --bind 127.0.0.1 --save '' --appendonly no --dir "$work/redis" \
    --daemonize no --logfile "$work/redis.log" &
rpid=$!; pids+=("$rpid")
wait_up "$vport"; wait_up "$rport"
redis-cli -p "$vport" --pipe < "$work/data.resp" >/dev/null
redis-cli -p "$rport" --pipe < "$work/data.resp" >/dev/null
rm -f "$work/data.resp"
vk=$(redis-cli -p "$vport" dbsize); rk=$(redis-cli -p "$rport" dbsize)
[[ "$vk" == "$rk" ]] || echo "bench: key counts differ: vigil $vk, redis $rk" >&2

# "key value..." lines of the probe, kept per server in $work/<server>.out
get() { awk -v k="$2" '$1 == k { $1 = ""; sub(/^ /, ""); print; exit }' "$work/$1.out"; }

value=$(printf 'x%.0s' $(seq 64))
for s in vigil redis; do
    port=$([[ $s == vigil ]] && echo "$vport" || echo "$rport")
    pid=$([[ $s == vigil ]] && echo "$vpid" || echo "$rpid")
    python3 "$probe" save "$port" "$SAVES" > "$work/$s.out"
    echo "file_bytes $(stat -c %s "$work/$s/dump.rdb")" >> "$work/$s.out"
    redis-benchmark -p "$port" -c 10 -P 1 -n 1000000000 -r "$(awk -v s="$SCALE" 'BEGIN { print int(400000 * s) }')" \
        SET key:__rand_int__ "$value" >/dev/null 2>&1 &
    lpid=$!; pids+=("$lpid")
    python3 "$probe" bgsave "$port" "$pid" "$s" "$ROUNDS" "$IDLE_SEC" >> "$work/$s.out"
    kill "$lpid"; wait "$lpid" 2>/dev/null || true
    echo "rss_after_kb $(awk '/^VmRSS:/ {print $2}' "/proc/$pid/status")" >> "$work/$s.out"
done

echo "keys: $vk   machine: $(nproc) cores, load avg $(cut -d' ' -f1-3 /proc/loadavg)"
for s in vigil redis; do echo "--- $s"; sed 's/^/  /' "$work/$s.out"; done
echo "---"
vs=$(get vigil save_warm_median_ms); rs=$(get redis save_warm_median_ms)
vc=$(get vigil save_first_ms); rc=$(get redis save_first_ms)
vf=$(get vigil file_bytes); rf=$(get redis file_bytes)
# Extra memory while saving, KiB
vx=$(( $(get vigil rss_save_peak_kb) - $(get vigil rss_idle_peak_kb) ))
rx=$(( $(get redis child_dirty_peak_kb) + $(get redis rss_save_peak_kb) - $(get redis rss_idle_peak_kb) ))
vhi=$(get vigil heap_idle_peak_kb); vhs=$(get vigil heap_save_peak_kb)
vcow=$(get vigil cow_bytes | sort -n | tail -1); rcow=$(get redis cow_bytes | sort -n | tail -1)
awk -v vs="$vs" -v rs="$rs" -v vf="$vf" -v rf="$rf" -v vx="$vx" -v rx="$rx" -v vhi="$vhi" -v vhs="$vhs" -v vc="$vc" -v rc="$rc" -v vcow="$vcow" -v rcow="$rcow" \
    -v vi="$(get vigil idle_p99_ms)" -v vb="$(get vigil save_p99_ms)" \
    -v ri="$(get redis idle_p99_ms)" -v rb="$(get redis save_p99_ms)" 'BEGIN {
    printf "%-34s %12s %12s %8s\n", "", "vigil", "redis", "ratio"
    printf "%-34s %12d %12d %8.2f\n", "SAVE ms, first (cold)", vc, rc, vc / rc
    printf "%-34s %12d %12d %8.2f\n", "SAVE ms, median of the others", vs, rs, vs / rs
    printf "%-34s %12.1f %12.1f %8.2f\n", "file MiB", vf / 1048576, rf / 1048576, vf / rf
    printf "%-34s %12.1f %12.1f %8.2f\n", "BGSAVE extra memory MiB", vx / 1024, rx / 1024, (rx > 0 ? vx / rx : 0)
    printf "%-34s %12s %12s\n", "  vigil heap in use, peak MiB", sprintf("%d->%d", vhi / 1024, vhs / 1024), "-"
    printf "%-34s %12.1f %12.1f\n", "  rdb_last_cow_size MiB (max)", vcow / 1048576, rcow / 1048576
    printf "%-34s %12.2f %12.2f\n", "p99 ms idle (under load)", vi, ri
    printf "%-34s %12.2f %12.2f\n", "p99 ms during BGSAVE", vb, rb
    printf "%-34s %12.2f %12.2f\n", "p99 during / idle", vb / vi, rb / ri
}'
