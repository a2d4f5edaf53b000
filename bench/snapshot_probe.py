#!/usr/bin/env python3
"""Measurement half of bench/snapshot.sh (run by it, one server at a time).

  snapshot_probe.py save    PORT RUNS              client-side wall time of SAVE, RUNS times
  snapshot_probe.py bgsave  PORT PID KIND ROUNDS IDLE_SEC

bgsave: while a write load runs (started by the script), a probe thread sends GET on one
connection at a fixed rate (every PROBE_US microseconds) and records each request's latency; a
sampler thread records memory every 20 ms: the server's VmRSS, for Redis the forked child's
Private_Dirty (its copy-on-write pages, read from /proc/<child>/smaps_rollup as Redis itself
does), for Vigil the Java heap in use (jstat -gc every 100 ms). First an idle window of IDLE_SEC
(the load, no save), then ROUNDS BGSAVEs (1 s apart). Latencies and memory of the idle window
are compared with those taken while INFO persistence said rdb_bgsave_in_progress:1 (polled
every 5 ms on a third connection); the gaps between saves count in neither. Prints one "key value" line per result for the script.
"""
import os
import subprocess
import sys
import threading
import time

PROBE_US = int(os.environ.get("PROBE_US", "1000"))


from resp import Conn, info, pct  # noqa: E402  (bench/resp.py)


def save_mode(port, runs):
    c = Conn(port)
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        r = c.call("SAVE")
        times.append(time.perf_counter() - t0)
        if r != b"OK":
            raise RuntimeError("SAVE replied %r" % r)
    print("save_runs_ms", " ".join("%.0f" % (t * 1000) for t in times))
    print("save_first_ms %.0f" % (times[0] * 1000))
    print("save_median_ms %.0f" % (sorted(times)[len(times) // 2] * 1000))
    warm = sorted(times[1:]) or times
    print("save_warm_median_ms %.0f" % (warm[len(warm) // 2] * 1000))


def status_kb(pid, field):
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def children(pid):
    try:
        with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
            return [int(x) for x in f.read().split()]
    except OSError:
        return []


def private_dirty_kb(pid):
    try:
        with open("/proc/%d/smaps_rollup" % pid) as f:
            for line in f:
                if line.startswith("Private_Dirty:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def bgsave_mode(port, pid, kind, rounds, idle_sec):
    # phase: 0 the idle window, 1 a BGSAVE in progress, 2 between saves (not counted)
    state = {"phase": 0, "stop": False}
    lat = []     # (phase, seconds)
    mem = []     # (phase, rss_kb, child_dirty_kb)
    heap = []    # (phase, heap_used_kb)

    def probe():
        c = Conn(port)
        nxt = time.perf_counter()
        while not state["stop"]:
            before = state["phase"]
            t0 = time.perf_counter()
            c.call("GET", "key:000000000001")
            t1 = time.perf_counter()
            # a request that overlapped the start or the end of a save counts as during the save
            lat.append((1 if 1 in (before, state["phase"]) else before, t1 - t0))
            nxt += PROBE_US / 1e6
            d = nxt - time.perf_counter()
            if d > 0:
                time.sleep(d)
            else:
                nxt = time.perf_counter()

    def sampler():
        while not state["stop"]:
            dirty = 0
            if kind == "redis":
                dirty = sum(private_dirty_kb(ch) for ch in children(pid))
            mem.append((state["phase"], status_kb(pid, "VmRSS"), dirty))
            time.sleep(0.02)

    jstat = None

    def jstat_reader():
        # S0C S1C S0U S1U EC EU OC OU MC MU ...: heap used = S0U + S1U + EU + OU (KB)
        for line in jstat.stdout:
            f = line.split()
            try:
                used = float(f[2]) + float(f[3]) + float(f[5]) + float(f[7])
            except (ValueError, IndexError):
                continue
            heap.append((state["phase"], used))

    threads = [threading.Thread(target=probe), threading.Thread(target=sampler)]
    if kind == "vigil":
        jstat = subprocess.Popen(["jstat", "-gc", str(pid), "100"], stdout=subprocess.PIPE, text=True)
        threads.append(threading.Thread(target=jstat_reader))
    for t in threads:
        t.daemon = True
        t.start()

    ctl = Conn(port)
    time.sleep(idle_sec)
    durations = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        r = ctl.call("BGSAVE")
        if not r.startswith(b"Background saving started"):
            raise RuntimeError("BGSAVE replied %r" % r)
        state["phase"] = 1
        while info(ctl, "persistence").get("rdb_bgsave_in_progress") == "1":
            time.sleep(0.005)
        state["phase"] = 2
        durations.append(time.perf_counter() - t0)
        p = info(ctl, "persistence")
        if p.get("rdb_last_bgsave_status") != "ok":
            raise RuntimeError("BGSAVE failed")
        print("cow_bytes", p.get("rdb_last_cow_size", "0"))
        time.sleep(1.0)
    state["stop"] = True
    for t in threads[:2]:
        t.join()
    if jstat:
        jstat.terminate()
        jstat.wait()

    idle = [x for s, x in lat if s == 0]
    busy = [x for s, x in lat if s == 1]
    print("bgsave_runs_ms", " ".join("%.0f" % (d * 1000) for d in durations))
    for name, v in (("idle", idle), ("save", busy)):
        print("%s_samples %d" % (name, len(v)))
        print("%s_p50_ms %.3f" % (name, pct(v, 50) * 1000))
        print("%s_p99_ms %.3f" % (name, pct(v, 99) * 1000))
        print("%s_max_ms %.3f" % (name, max(v) * 1000 if v else float("nan")))
    # Memory: peak while saving minus peak of the idle window (same load, no save).
    idle_rss = max((r for s, r, _ in mem if s == 0), default=0)
    save_rss = max((r for s, r, _ in mem if s == 1), default=0)
    print("rss_idle_peak_kb", idle_rss)
    print("rss_save_peak_kb", save_rss)
    print("child_dirty_peak_kb", max((d for _, _, d in mem), default=0))
    if heap:
        print("heap_idle_peak_kb %.0f" % max((h for s, h in heap if s == 0), default=0))
        print("heap_save_peak_kb %.0f" % max((h for s, h in heap if s == 1), default=0))


def main():
    mode = sys.argv[1]
    if mode == "save":
        save_mode(int(sys.argv[2]), int(sys.argv[3]))
    else:
        bgsave_mode(int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], int(sys.argv[5]), float(sys.argv[6]))


if __name__ == "__main__":
    main()
