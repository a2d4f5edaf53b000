#!/usr/bin/env python3
"""Measurement half of bench/replication.sh (run by it, one server kind at a time).

  replication_probe.py sync  REPLICA_PORT MASTER_PORT   REPLICAOF, then INFO replication every
                                                          2 ms until master_link_status:up
  replication_probe.py lag   MASTER_PORT REPLICA_PORT SECONDS
                                                          every PROBE_US: SET lagkey <seq> on the
                                                          master, then GET on the replica until it
                                                          shows <seq>; lag = master's reply -> seen

One thread, sequential: the probe never has two writes in flight, so each lag sample is the time
from the master's OK to the first GET on the replica that returns the new value (resolution: one
loopback round trip). The write rate of the whole master (the script's background load plus the
probe) comes from total_commands_processed before and after. Prints "key value" lines.
"""
import os
import sys
import time

PROBE_US = int(os.environ.get("PROBE_US", "1000"))


from resp import Conn, info, pct  # noqa: E402  (bench/resp.py)


def sync(replica_port, master_port):
    r = Conn(replica_port)
    t0 = time.perf_counter()
    r.call("REPLICAOF", "127.0.0.1", master_port)
    while info(r, "replication").get("master_link_status") != "up":
        time.sleep(0.002)
    t1 = time.perf_counter()
    print("sync_ms %.1f" % ((t1 - t0) * 1000))
    print("replica_keys %d" % r.call("DBSIZE"))


def lag(master_port, replica_port, seconds):
    m, r, stats = Conn(master_port), Conn(replica_port), Conn(master_port)
    lags, polls, seq = [], 0, 0
    c0 = int(info(stats, "stats")["total_commands_processed"])
    start = time.perf_counter()
    nxt = start
    while time.perf_counter() - start < seconds:
        seq += 1
        want = str(seq).encode()
        m.call("SET", "lagkey", want)
        acked = time.perf_counter()
        while True:
            polls += 1
            if r.call("GET", "lagkey") == want:
                break
        lags.append((time.perf_counter() - acked) * 1000)
        nxt += PROBE_US / 1e6
        d = nxt - time.perf_counter()
        if d > 0:
            time.sleep(d)
        else:
            nxt = time.perf_counter()
    el = time.perf_counter() - start
    c1 = int(info(stats, "stats")["total_commands_processed"])
    print("lag_samples %d" % len(lags))
    print("lag_p50_ms %.3f" % pct(lags, 50))
    print("lag_p99_ms %.3f" % pct(lags, 99))
    print("lag_max_ms %.3f" % max(lags))
    print("polls_per_sample %.1f" % (polls / len(lags)))
    # total_commands_processed counts the INFO calls too (2) and the probe's SETs
    print("master_cmds_per_s %d" % ((c1 - c0) / el))


if __name__ == "__main__":
    if sys.argv[1] == "sync":
        sync(int(sys.argv[2]), int(sys.argv[3]))
    else:
        lag(int(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]))
