#!/usr/bin/env bash
# Failover: kill -9 the master of 3 nodes + 3 sentinels while a sentinel-aware client writes;
# Vigil (vigil-server + vigil-sentinel) beside Redis 7.0 (redis-server + redis-sentinel) in the
# same run, one kind at a time, the same settings for both.
#
#   bench/failover.sh     (builds first: mvn -B -q -o -DskipTests package)
#
# Setup per kind: working copies of conf/'s six files on free ports with
#   sentinel down-after-milliseconds mymaster DOWN_AFTER (1000), failover-timeout FAILOVER_TIMEOUT
#   (10000), quorum 2, parallel-syncs 1; nodes with save "" and repl-diskless-sync-delay 0.
# Per round (ROUNDS, default 10; each round kills whichever node is the master then):
#   window     last acknowledged write before the kill -> first acknowledged write after it, as
#              seen by the writer (SET every WRITE_US (500) us; on an error it asks the sentinels
#              for the master again and reconnects)
#   lost       acknowledged writes missing on the new master (asynchronous replication loses
#              what the master acknowledged and had not yet sent: expect a few, for both kinds)
#   rejoined   the killed node, restarted from its conf after the failover, became a replica of
#              the new master (link up) within REJOIN_TIMEOUT (60) s; rejoin_ms from its restart
#   failovers  +switch-master events the busiest sentinel published in the round: 1 expected,
#              more is flagged "SECOND FAILOVER"
# The measurement is bench/failover_probe.py. Prints every round, then medians and the
# Vigil/Redis ratio. While vigil-sentinel is a stub the Vigil half reports "pending".
# Environment: ROUNDS, DOWN_AFTER, FAILOVER_TIMEOUT, WRITE_US, WARM_MS, REJOIN_TIMEOUT,
# VIGIL_HEAP (512m), KINDS ("vigil redis"), NO_BUILD.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ROUNDS="${ROUNDS:-10}"
KINDS="${KINDS:-vigil redis}"
export DOWN_AFTER="${DOWN_AFTER:-1000}" FAILOVER_TIMEOUT="${FAILOVER_TIMEOUT:-10000}"
export WRITE_US="${WRITE_US:-500}" WARM_MS="${WARM_MS:-1000}" REJOIN_TIMEOUT="${REJOIN_TIMEOUT:-60}"
export VIGIL_HEAP="${VIGIL_HEAP:-512m}"
probe="$here/bench/failover_probe.py"

if [[ -z "${NO_BUILD:-}" ]]; then (cd "$here" && mvn -B -q -o -DskipTests package); fi
require redis-server redis-sentinel redis-cli java python3
[[ -f "$here/sentinel/target/vigil-sentinel.jar" ]] || { echo "bench: sentinel/target/vigil-sentinel.jar missing; run: mvn -q -o -DskipTests package" >&2; exit 1; }

for kind in $KINDS; do
    python3 "$probe" run "$kind" "$work" "$ROUNDS" &
    pids+=("$!")
    wait "$!"
done

echo "rounds: $ROUNDS   down-after-milliseconds: $DOWN_AFTER   failover-timeout: $FAILOVER_TIMEOUT   machine: $(nproc) cores, load avg $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$probe" summary "$work"
if [[ -n "${KEEP:-}" ]]; then cp -r "$work" "$KEEP"; echo "files kept in $KEEP"; fi
