#!/usr/bin/env bash
# Fault-injection test bed, long form: ROUNDS (default 20) rounds of every fault against Redis 7.0
# + redis-sentinel and against Vigil, side by side, on a private bridge of network namespaces
# (bench/faults.py; docs/faults.md describes the bed, the faults, the workload and the checker).
#
#   sudo bench/faults.sh                       (builds first: mvn -B -q -DskipTests package)
#   sudo ROUNDS=3 FAULTS=kill,partition bench/faults.sh
#
# Needs root (namespaces, veths, iptables, tc) and apt-get install -y iptables redis-server
# redis-sentinel. Writes the per-round tables and the summary to OUT (default
# docs/faults-results.md; paste it into docs/faults.md) and the raw results to OUT's .json.
# Environment: ROUNDS, FAULTS (kill,pause,partition,crash-restart,lossy,sentinel-kill,
# replica-partition), SYSTEMS (redis,vigil; vigil-zl is Vigil with min-replicas-ack 1), OUT, NO_BUILD, KEEP (keep the work dir: logs, acks),
# and the bed's own knobs: DOWN_AFTER (1000), FAILOVER_TIMEOUT (10000), WARM_S (2), POST_S (3),
# PAUSE_S (4), PARTITION_S (8), LOSSY_S (8), HEAL_TIMEOUT (45), OP_INTERVAL_MS (5), VIGIL_HEAP (256m).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${ROUNDS:-20}"
FAULTS="${FAULTS:-kill,pause,partition,crash-restart,lossy,sentinel-kill,replica-partition}"
SYSTEMS="${SYSTEMS:-redis,vigil}"
OUT="${OUT:-$here/docs/faults-results.md}"
if [[ -z "${NO_BUILD:-}" ]]; then (cd "$here" && mvn -B -q -DskipTests package); fi
args=(bed --systems "$SYSTEMS" --faults "$FAULTS" --rounds "$ROUNDS" --md "$OUT" --json "${OUT%.md}.json")
if [[ -n "${KEEP:-}" ]]; then args+=(--work "$KEEP"); fi
exec python3 "$here/bench/faults.py" "${args[@]}"
