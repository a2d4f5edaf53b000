#!/usr/bin/env python3
"""Measurement half of bench/failover.sh: one kind (vigil or redis) at a time.

  failover_probe.py run KIND WORKDIR ROUNDS      writes WORKDIR/KIND.rounds, prints progress
  failover_probe.py summary WORKDIR              medians per kind and the vigil/redis ratios

`run` starts 3 nodes and 3 sentinels from the repository's conf/ files (working copies in
WORKDIR/KIND/, free ports, "sentinel down-after-milliseconds" DOWN_AFTER (1000) and
"failover-timeout" FAILOVER_TIMEOUT (10000) for both kinds, save "" and repl-diskless-sync-delay 0
on the nodes), waits until every sentinel knows both replicas and both peers, then per round:

  1. a sentinel-aware writer (its own thread) asks the sentinels for the master
     (SENTINEL GET-MASTER-ADDR-BY-NAME), does SET f:<seq> <seq> every WRITE_US (500) us with
     increasing <seq>, and on any error or -READONLY closes, asks again and reconnects;
  2. after WARM_MS (1000) of acknowledged writes, kill -9 the master;
  3. window = first write acknowledged by another node - last one acknowledged by the killed
     master (which can still answer in the instant between kill() and its death);
  4. one more second of writes, then the writer stops; lost = acknowledged seqs missing on the
     master the sentinels now name (MGET in batches);
  5. the killed node is restarted from its conf: rejoined = it reports ROLE slave of the master
     the sentinels name, link connected, within REJOIN_TIMEOUT (60) s;
  6. the round ends when all sentinels name the same master and list both replicas without
     s_down/disconnected flags; from the events, the times from the kill to the first +sdown and
     +odown of the master, the leader's +promoted-slave and the first +switch-master; failovers = the most +switch-master events any one sentinel
     published in the round (subscribers on all three, PSUBSCRIBE *); more than 1 is flagged.

A sentinel process that exits saying "not implemented" makes the kind "pending" (Vigil's sentinel
before it lands). Hand-written RESP, standard library only.
"""
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time

from resp import Conn

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DOWN_AFTER = int(os.environ.get("DOWN_AFTER", "1000"))
FAILOVER_TIMEOUT = int(os.environ.get("FAILOVER_TIMEOUT", "10000"))
WRITE_US = int(os.environ.get("WRITE_US", "500"))
WARM_MS = int(os.environ.get("WARM_MS", "1000"))
REJOIN_TIMEOUT = float(os.environ.get("REJOIN_TIMEOUT", "60"))
HEAP = os.environ.get("VIGIL_HEAP", "512m")
GROUP_OFFSET = int(os.environ.get("VIGIL_SENTINEL_HAZELCAST_PORT_OFFSET", "10000"))
NAME = "mymaster"


def call(port, *args, timeout=2.0):
    c = Conn(port, timeout)
    try:
        return c.call(*args)
    finally:
        c.close()


def try_call(port, *args):
    try:
        return call(port, *args)
    except (OSError, RuntimeError, ConnectionError):
        return None


def bindable(port):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def free_ports(n):
    """n distinct free ports below 55000 whose port + GROUP_OFFSET is free too (a Vigil sentinel's
    peer group listens there; Redis ignores it)."""
    import random
    ports = []
    while len(ports) < n:
        p = random.randint(20000, 55000)
        if p not in ports and p + GROUP_OFFSET not in ports and bindable(p) and bindable(p + GROUP_OFFSET):
            ports.append(p)
    return ports


def wait(what, pred, timeout):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = pred()
        if v:
            return v
        time.sleep(0.02)
    raise TimeoutError("timed out: " + what)


class Cluster:
    """The six processes of one kind, started from working copies of conf/."""

    def __init__(self, kind, work):
        self.kind, self.work = kind, work
        names = sorted(f[:-5] for f in os.listdir(os.path.join(ROOT, "conf")) if f.endswith(".conf"))
        self.nodes = [n for n in names if n.startswith("node-")]
        self.sentinels = [n for n in names if n.startswith("sentinel-")]
        ports = free_ports(len(names))
        orig = {n: int(n.split("-")[1]) for n in names}
        self.port = {n: ports[i] for i, n in enumerate(names)}
        self.shift = {orig[n]: self.port[n] for n in names}
        self.procs, self.logs = {}, {}
        os.makedirs(work, exist_ok=True)
        for n in names:
            self.write_conf(n)

    def write_conf(self, n):
        d = os.path.join(self.work, n)
        os.makedirs(d, exist_ok=True)
        out = []
        for line in open(os.path.join(ROOT, "conf", n + ".conf")):
            w = line.split()
            if w[:1] == ["port"]:
                line = "port %d\n" % self.port[n]
            elif w[:1] == ["dir"]:
                line = 'dir "%s"\n' % d
            elif w[:1] == ["replicaof"] and len(w) == 3:
                line = "replicaof %s %d\n" % (w[1], self.shift[int(w[2])])
            elif w[:2] == ["sentinel", "monitor"]:
                line = "sentinel monitor %s %s %d %s\n" % (w[2], w[3], self.shift[int(w[4])], w[5])
            elif w[:2] == ["sentinel", "down-after-milliseconds"]:
                line = "sentinel down-after-milliseconds %s %d\n" % (NAME, DOWN_AFTER)
            elif w[:2] == ["sentinel", "failover-timeout"]:
                line = "sentinel failover-timeout %s %d\n" % (NAME, FAILOVER_TIMEOUT)
            out.append(line)
        if n.startswith("node-"):
            out.append('save ""\nrepl-diskless-sync-delay 0\n')
        with open(os.path.join(d, n + ".conf"), "w") as f:
            f.writelines(out)

    def argv(self, n):
        conf = os.path.join(self.work, n, n + ".conf")
        node = n.startswith("node-")
        if self.kind == "redis":
            return ["redis-server" if node else "redis-sentinel", conf]
        jar = os.path.join(ROOT, "server/target/vigil-server.jar" if node else "sentinel/target/vigil-sentinel.jar")
        return ["java", "-XX:+UseG1GC", "-XX:MaxGCPauseMillis=20", "-Xms" + HEAP, "-Xmx" + HEAP,
                "-Dvertx.disableFileCPResolving=true", "-jar", jar, conf]

    def start(self, n):
        log = open(os.path.join(self.work, n + ".log"), "ab")
        self.logs[n] = log
        self.procs[n] = subprocess.Popen(self.argv(n), stdout=log, stderr=subprocess.STDOUT,
                                         cwd=os.path.join(self.work, n))

    def up(self, n):
        return try_call(self.port[n], "PING") == b"PONG"

    def log_text(self, n):
        with open(os.path.join(self.work, n + ".log"), "rb") as f:
            return f.read().decode(errors="replace")

    def stop(self):
        for p in self.procs.values():
            if p.poll() is None:
                p.kill()
        for p in self.procs.values():
            p.wait()

    def master(self, sentinel):
        r = try_call(self.port[sentinel], "SENTINEL", "GET-MASTER-ADDR-BY-NAME", NAME)
        return int(r[1]) if r else None

    def node_at(self, port):
        return next(n for n in self.nodes if self.port[n] == port)

    def healthy(self):
        """All sentinels name one master and see both replicas and both peers, unflagged."""
        masters = {self.master(s) for s in self.sentinels}
        if len(masters) != 1 or None in masters:
            return False
        for s in self.sentinels:
            reps = try_call(self.port[s], "SENTINEL", "REPLICAS", NAME)
            peers = try_call(self.port[s], "SENTINEL", "SENTINELS", NAME)
            if reps is None or peers is None or len(reps) != 2 or len(peers) != 2:
                return False
            for r in reps:
                d = dict(zip(r[::2], r[1::2]))
                if d.get(b"flags") != b"slave" or d.get(b"master-link-status") != b"ok":
                    return False
            # Peers unflagged too (no s_down): a round must not start while the sentinels cannot
            # yet reach each other (Vigil: the peer group still forming after a cold start).
            for p in peers:
                d = dict(zip(p[::2], p[1::2]))
                if d.get(b"flags") != b"sentinel":
                    return False
        return True


class Events:
    """PSUBSCRIBE * on every sentinel: (time, sentinel, channel, message)."""

    def __init__(self, cluster):
        self.items, self.lock = [], threading.Lock()
        self.conns = []
        for s in cluster.sentinels:
            c = Conn(cluster.port[s], timeout=None)
            c.call("PSUBSCRIBE", "*")
            self.conns.append(c)
            threading.Thread(target=self.loop, args=(s, c), daemon=True).start()

    def loop(self, s, c):
        try:
            while True:
                m = c.read()
                if isinstance(m, list) and len(m) == 4 and m[0] == b"pmessage":
                    with self.lock:
                        self.items.append((time.perf_counter(), s, m[2].decode(), m[3].decode()))
        except Exception:
            pass

    def since(self, t0):
        with self.lock:
            return [e for e in self.items if e[0] >= t0]


class Writer(threading.Thread):
    """Sentinel-aware writer: SET f:<seq> <seq>, reconnecting through the sentinels on failure."""

    def __init__(self, cluster, seq0):
        super().__init__(daemon=True)
        self.cluster, self.seq = cluster, seq0
        self.acks = []  # (time, seq, port)
        self.running = True
        self.conn = None
        self.port = None

    def connect(self):
        for s in self.cluster.sentinels:
            m = self.cluster.master(s)
            if m:
                try:
                    self.conn = Conn(m, timeout=1.0)
                    self.port = m
                    return
                except OSError:
                    return
        return

    def run(self):
        nxt = time.perf_counter()
        while self.running:
            if self.conn is None:
                self.connect()
                if self.conn is None:
                    time.sleep(0.005)
                    continue
            seq = self.seq + 1
            try:
                self.conn.call("SET", "f:%d" % seq, seq)
                self.seq = seq
                self.acks.append((time.perf_counter(), seq, self.port))
            except (OSError, RuntimeError, ConnectionError):
                self.conn.close()
                self.conn = None
                self.seq = seq  # unknown outcome: never reused, never counted
                time.sleep(0.005)
                continue
            nxt += WRITE_US / 1e6
            d = nxt - time.perf_counter()
            if d > 0:
                time.sleep(d)
            else:
                nxt = time.perf_counter()
        if self.conn:
            self.conn.close()


def missing(port, seqs):
    c = Conn(port, timeout=10)
    lost = 0
    try:
        for i in range(0, len(seqs), 500):
            chunk = seqs[i:i + 500]
            vals = c.call("MGET", *["f:%d" % s for s in chunk])
            lost += sum(1 for v in vals if v is None)
    finally:
        c.close()
    return lost


def run(kind, work, rounds):
    out_path = os.path.join(work, kind + ".rounds")
    cl = Cluster(kind, os.path.join(work, kind))
    out = open(out_path, "w")

    def bye(*_):
        raise SystemExit(1)

    signal.signal(signal.SIGTERM, bye)
    try:
        for n in cl.nodes:
            cl.start(n)
        for n in cl.nodes:
            wait(n + " up", lambda: cl.up(n), 60)
        for s in cl.sentinels:
            cl.start(s)
        for s in cl.sentinels:
            def answers_or_exits():
                return cl.up(s) or cl.procs[s].poll() is not None
            wait(s + " up", answers_or_exits, 60)
            if cl.procs[s].poll() is not None:
                text = cl.log_text(s)
                if "not implemented" in text:
                    out.write("pending %s\n" % text.strip().splitlines()[-1])
                    print("%s: sentinel pending: %s" % (kind, text.strip().splitlines()[-1]), flush=True)
                    return
                raise RuntimeError("%s exited:\n%s" % (s, text))
        wait("sentinels know everyone", cl.healthy, 90)
        ev = Events(cl)
        seq = 0
        for r in range(1, rounds + 1):
            master_port = cl.master(cl.sentinels[0])
            old = cl.node_at(master_port)
            w = Writer(cl, seq)
            w.start()
            wait("writes acked", lambda: w.acks and w.acks[-1][0] - w.acks[0][0] >= WARM_MS / 1000, 30)
            t_kill = time.perf_counter()
            cl.procs[old].kill()
            cl.procs[old].wait()
            # The old master may still answer in the instant between kill() and its death: what
            # separates "before" from "after" is which node acknowledged, not the clock.
            try:
                wait("an ack from another node", lambda: w.acks[-1][2] != master_port, 120)
            except TimeoutError:
                pass
            time.sleep(1.0)
            w.running = False
            w.join()
            seq = w.seq
            before = [t for t, _, port in w.acks if port == master_port]
            after = [t for t, _, port in w.acks if port != master_port]
            window = (after[0] - before[-1]) * 1000 if after and before else float("nan")
            new_port = wait("a new master", lambda: (lambda m: m if m and m != master_port else None)(
                cl.master(cl.sentinels[0])), 60)
            lost = missing(new_port, [s for _, s, _ in w.acks])
            t_restart = time.perf_counter()
            cl.start(old)

            def rejoined():
                # a replica of the master the sentinels name now (a second failover may have moved it)
                role, now = try_call(master_port, "ROLE"), cl.master(cl.sentinels[0])
                return role and role[0] == b"slave" and int(role[2]) == now and role[3] == b"connected"
            try:
                wait("old master rejoins", rejoined, REJOIN_TIMEOUT)
                rejoin = "yes"
                rejoin_ms = (time.perf_counter() - t_restart) * 1000
            except TimeoutError:
                rejoin, rejoin_ms = "no", float("nan")
            try:
                wait("cluster healthy", cl.healthy, 60)
            except TimeoutError:
                print("%s round %d: sentinels not back to 1 master + 2 replicas within 60 s" % (kind, r), flush=True)
            time.sleep(1.0)
            evs = ev.since(t_kill)
            per = {s: sum(1 for e in evs if e[1] == s and e[2] == "+switch-master") for s in cl.sentinels}
            failovers = max(per.values())

            def first(channel, prefix=""):
                ts = [e[0] for e in evs if e[2] == channel and e[3].startswith(prefix)]
                return (min(ts) - t_kill) * 1000 if ts else float("nan")
            # where the window goes: kill -> first sentinel's +sdown / +odown of the master ->
            # leader's +promoted-slave -> first +switch-master
            line = ("round %d window_ms %.1f lost %d acked %d acked_before_kill %d rejoined %s rejoin_ms %.0f "
                    "failovers %d sdown_ms %.0f odown_ms %.0f promoted_ms %.0f switch_ms %.0f from %d to %d%s" % (
                        r, window, lost, len(w.acks), len(before), rejoin, rejoin_ms, failovers,
                        first("+sdown", "master"), first("+odown"), first("+promoted-slave"), first("+switch-master"),
                        master_port, new_port, "  SECOND FAILOVER" if failovers > 1 else ""))
            out.write(line + "\n")
            out.flush()
            print("%s %s" % (kind, line), flush=True)
        with open(os.path.join(work, kind + ".events"), "w") as f:
            for t, s, ch, msg in ev.items:
                f.write("%.3f %s %s %s\n" % (t, s, ch, msg))
    finally:
        out.close()
        cl.stop()


def summary(work):
    res = {}
    for kind in ("vigil", "redis"):
        path = os.path.join(work, kind + ".rounds")
        if not os.path.exists(path):
            continue
        rows = []
        for line in open(path):
            if line.startswith("pending"):
                res[kind] = "pending"
                break
            w = line.split()
            rows.append(dict(zip(w[0::2], w[1::2])))
        else:
            res[kind] = rows
    print("%-34s %12s %12s %8s" % ("", "vigil", "redis", "ratio"))

    def med(kind, key):
        rows = res.get(kind)
        if not isinstance(rows, list) or not rows:
            return None
        xs = [float(r[key]) for r in rows if r.get(key, "nan") != "nan"]
        return statistics.median(xs) if xs else None

    def fmt(kind, v, f="%.0f"):
        if v is not None:
            return f % v
        return "-" if isinstance(res.get(kind), list) else "pending"

    for key, label in (("window_ms", "median unavailability ms"), ("sdown_ms", "  kill -> first +sdown ms"),
                       ("odown_ms", "  kill -> first +odown ms"), ("promoted_ms", "  kill -> +promoted-slave ms"),
                       ("switch_ms", "  kill -> first +switch-master ms"), ("rejoin_ms", "median rejoin ms"),
                       ("lost", "median acked writes lost")):
        v, r = med("vigil", key), med("redis", key)
        ratio = "%.2f" % (v / r) if v is not None and r else "-"
        print("%-34s %12s %12s %8s" % (label, fmt("vigil", v), fmt("redis", r), ratio))
    for kind in ("vigil", "redis"):
        rows = res.get(kind)
        if rows == "pending":
            print("%s: pending (its sentinel is not implemented yet)" % kind)
        elif rows:
            ws = [float(r["window_ms"]) for r in rows if r["window_ms"] != "nan"]
            print("%s: %d rounds, window min/max %.0f/%.0f ms, lost total %d, rejoined %d/%d, "
                  "rounds with a second failover: %d, rounds with no failover: %d" % (
                      kind, len(rows), min(ws) if ws else float("nan"), max(ws) if ws else float("nan"),
                      sum(int(r["lost"]) for r in rows), sum(r["rejoined"] == "yes" for r in rows), len(rows),
                      sum(int(r["failovers"]) > 1 for r in rows), sum(int(r["failovers"]) == 0 for r in rows)))


if __name__ == "__main__":
    if sys.argv[1] == "run":
        run(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        summary(sys.argv[2])
