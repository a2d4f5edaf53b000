#!/usr/bin/env python3
"""Fault-injection test bed: the same fault rounds against Redis 7.0 + redis-sentinel and against
Vigil (vigil-server + vigil-sentinel), side by side. docs/faults.md describes it; bench/faults.sh
runs the long form, sentinel/src/test/java/vigil/sentinel/faults/FaultBedIT.java the short form.

  faults.py bed [--systems redis,vigil,vigil-zl] [--faults kill,pause,...] [--rounds N]
                [--json FILE] [--md FILE] [--work DIR] [--keep]
  faults.py cleanup          removes what a crashed run left (namespaces vgf-*, their processes)
  faults.py report --json F --md F   the tables again from a results file (e.g. of a cut run)
  faults.py check            exit 0 if the bed can run here, 77 (with the reason) if not
  faults.py client ...       (internal) one workload client, run inside a namespace
  faults.py rounds ...       (internal) the rounds, run inside the observer namespace

Topology (all in network namespaces named vgf-*, created and removed by the bed; needs root):
  vgf-br   the bridge br0 (no address); every other namespace has one veth "eth0" on it
  vgf-h1..3  hosts 10.77.0.1..3: one data node (port 6379) and one sentinel (26379; Vigil's
           peer group on 36379) each
  vgf-c    the outside client, 10.77.0.10 (reaches every host)
  vgf-o    the observer, 10.77.0.100: this script's rounds (ROLE poller, sentinel event
           listener, checker). Partitions never cut it: it sees both sides.
No namespace has a default route, nothing is NATed and the bridge is attached to no physical
or root-namespace interface, so no packet can leave the bridge. Exit status: 0 all rounds ran,
77 cannot run here (reason on stderr), 1 the bed itself failed.
"""
import argparse
import json
import os
import random
import signal
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time

from resp import Conn

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PREFIX = "vgf-"
NET = "10.77.0."
HOSTS = ["h1", "h2", "h3"]
ADDR = {"h1": NET + "1", "h2": NET + "2", "h3": NET + "3", "c": NET + "10", "o": NET + "100"}
NODE_PORT, SENTINEL_PORT, GROUP_PORT = 6379, 26379, 36379
NAME = "mymaster"
DOWN_AFTER = int(os.environ.get("DOWN_AFTER", "1000"))
FAILOVER_TIMEOUT = int(os.environ.get("FAILOVER_TIMEOUT", "10000"))
HEAL_TIMEOUT = float(os.environ.get("HEAL_TIMEOUT", "45"))
WARM_S = float(os.environ.get("WARM_S", "2"))
POST_S = float(os.environ.get("POST_S", "3"))
PAUSE_S = float(os.environ.get("PAUSE_S", "4"))
PARTITION_S = float(os.environ.get("PARTITION_S", "8"))
LOSSY_S = float(os.environ.get("LOSSY_S", "8"))
OP_INTERVAL = float(os.environ.get("OP_INTERVAL_MS", "5")) / 1000
VIGIL_HEAP = os.environ.get("VIGIL_HEAP", "256m")
ZL_ACK_TIMEOUT = int(os.environ.get("ZL_ACK_TIMEOUT_MS", "5000"))
SYSTEMS = ["redis", "vigil", "vigil-zl"]   # vigil-zl: Vigil with min-replicas-ack 1 (docs/zero-loss.md)
ALL_FAULTS = ["kill", "pause", "partition", "crash-restart", "lossy", "sentinel-kill", "replica-partition"]
SHORT_FAULTS = ["kill", "pause", "partition", "crash-restart"]
LOCK = "/run/lock/vgf-faults.lock" if os.path.isdir("/run/lock") else "/tmp/vgf-faults.lock"
SERVER_JAR = os.path.join(ROOT, "server/target/vigil-server.jar")
SENTINEL_JAR = os.path.join(ROOT, "sentinel/target/vigil-sentinel.jar")


def ns(short):
    return PREFIX + short


def log(*a):
    print(time.strftime("%H:%M:%S"), *a, flush=True)


def sh(*cmd, check=True):
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if check and r.returncode != 0:
        raise RuntimeError("%s: %s" % (" ".join(cmd), r.stderr.strip()))
    return r


def nsx(short, *cmd, check=True):
    return sh("ip", "netns", "exec", ns(short), *cmd, check=check)


# ---------------------------------------------------------------------------------------- RESP

def call(host, port, *args, timeout=1.0):
    c = Conn(port, timeout, host)
    try:
        return c.call(*args)
    finally:
        c.close()


def try_call(host, port, *args, timeout=1.0):
    try:
        return call(host, port, *args, timeout=timeout)
    except (OSError, RuntimeError, ConnectionError, ValueError):
        return None


# ------------------------------------------------------------------------------ prerequisites

def why_not():
    """None when the bed can run here, else the reason."""
    if os.geteuid() != 0:
        return "not root (network namespaces, veths, iptables need root)"
    for b in ["ip", "iptables", "tc", "redis-server", "redis-sentinel", "java"]:
        if shutil.which(b) is None:
            return "%s not found (apt-get install -y iproute2 iptables redis-server redis-sentinel)" % b
    for j in [SERVER_JAR, SENTINEL_JAR]:
        if not os.path.isfile(j):
            return "%s missing (mvn -B -q -DskipTests package)" % j
    r = sh("ip", "route", "show", check=False)
    for line in r.stdout.splitlines():
        if line.startswith(NET):
            return "the root namespace already routes %s0/24 (%s)" % (NET, line)
    # namespaces and iptables must work here (not in every container)
    probe = ns("probe")
    try:
        sh("ip", "netns", "add", probe)
        r = sh("ip", "netns", "exec", probe, "iptables", "-A", "INPUT", "-s", NET + "250", "-j", "DROP", check=False)
        if r.returncode != 0:
            return "iptables does not work in a network namespace: " + r.stderr.strip()
    except RuntimeError as e:
        return "cannot create a network namespace: %s" % e
    finally:
        sh("ip", "netns", "del", probe, check=False)
    return None


# ---------------------------------------------------------------------------------- network

def our_namespaces():
    r = sh("ip", "netns", "list", check=False)
    return [line.split()[0] for line in r.stdout.splitlines() if line.startswith(PREFIX)]


def cleanup():
    """Kills every process in a vgf-* namespace (SIGCONT first: a stopped one must die too) and
    deletes the namespaces; their veths and the bridge go with them."""
    names = our_namespaces()
    for n in names:
        pids = sh("ip", "netns", "pids", n, check=False).stdout.split()
        for p in pids:
            if int(p) == os.getpid():
                continue
            for sig in (signal.SIGCONT, signal.SIGKILL):
                try:
                    os.kill(int(p), sig)
                except (ProcessLookupError, PermissionError):
                    pass
    for n in names:
        for _ in range(50):
            if sh("ip", "netns", "del", n, check=False).returncode == 0:
                break
            time.sleep(0.1)
    return names


def setup_network():
    sh("ip", "netns", "add", ns("br"))
    nsx("br", "ip", "link", "add", "br0", "type", "bridge")
    nsx("br", "ip", "link", "set", "br0", "up")
    nsx("br", "ip", "link", "set", "lo", "up")
    for short in HOSTS + ["c", "o"]:
        sh("ip", "netns", "add", ns(short))
        sh("ip", "link", "add", "eth0", "netns", ns(short), "type", "veth",
           "peer", "name", "p-" + short, "netns", ns("br"))
        nsx("br", "ip", "link", "set", "p-" + short, "master", "br0")
        nsx("br", "ip", "link", "set", "p-" + short, "up")
        for k in ("all", "default"):
            nsx(short, "sysctl", "-q", "-w", "net.ipv6.conf.%s.disable_ipv6=1" % k, check=False)
        nsx(short, "ip", "link", "set", "lo", "up")
        nsx(short, "ip", "addr", "add", ADDR[short] + "/24", "dev", "eth0")
        nsx(short, "ip", "link", "set", "eth0", "up")
    for short in HOSTS + ["c", "o"]:
        routes = nsx(short, "ip", "route", "show").stdout
        if "default" in routes:
            raise RuntimeError("%s has a default route: %s" % (ns(short), routes))


# ---------------------------------------------------------------------------- workload client

def client_main(a):
    """One sentinel-aware client: asks the sentinels (in the given order) for the master, then
    alternately SET k:<prefix>:<name>:<seq> and RPUSH l:<prefix>:<name> <seq>; on any error or
    timeout it asks the sentinels again. Every acknowledged op is logged as
    "<unix time> <op> <seq> <node ip>" to --out; SIGTERM ends it."""
    sentinels = a.sentinels.split(",")
    stop = [False]
    signal.signal(signal.SIGTERM, lambda *_: stop.__setitem__(0, True))
    out = open(a.out, "w", buffering=1 << 16)
    conn, node, seq = None, None, 0
    nxt = time.time()
    while not stop[0]:
        if conn is None:
            for s in sentinels:
                r = try_call(s, SENTINEL_PORT, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", NAME, timeout=0.3)
                if r:
                    try:
                        node = r[0].decode()
                        conn = Conn(int(r[1]), timeout=1.0, host=node)
                    except OSError:
                        conn = None
                    break
            if conn is None:
                time.sleep(0.05)
                continue
        seq += 1
        op = "set" if seq % 2 else "rpush"
        try:
            if op == "set":
                conn.call("SET", "k:%s:%s:%d" % (a.prefix, a.name, seq), seq)
            else:
                conn.call("RPUSH", "l:%s:%s" % (a.prefix, a.name), seq)
            out.write("%.4f %s %d %s\n" % (time.time(), op, seq, node))
            if seq <= 2:
                out.flush()  # the bed waits for a first ack before it starts the clock
        except (OSError, RuntimeError, ConnectionError, ValueError):
            conn.close()
            conn = None
            time.sleep(0.02)
            continue
        nxt += OP_INTERVAL
        d = nxt - time.time()
        if d > 0:
            time.sleep(d)
        else:
            nxt = time.time()
    out.close()


# ------------------------------------------------------------------------------- the cluster

class Cluster:
    """3 hosts x (data node + sentinel) of one system, each process started with ip netns exec."""

    def __init__(self, system, work):
        self.system, self.work = system, work
        self.procs = {}
        for h in HOSTS:
            for role in ("node", "sentinel"):
                d = os.path.join(work, h, role)
                os.makedirs(d, exist_ok=True)
                with open(self.conf(h, role), "w") as f:
                    f.write(self.conf_text(h, role, d))

    def conf(self, h, role):
        return os.path.join(self.work, h, role, role + ".conf")

    def conf_text(self, h, role, d):
        a = ADDR[h]
        if role == "node":
            t = ("bind %s\nport %d\nprotected-mode no\nsave \"\"\ndir \"%s\"\nenable-debug-command yes\n"
                 "repl-diskless-sync yes\nrepl-diskless-sync-delay 0\nlogfile \"\"\n") % (a, NODE_PORT, d)
            if h != "h1":
                t += "replicaof %s %d\n" % (ADDR["h1"], NODE_PORT)
            if self.system == "vigil-zl":   # zero-loss mode: a write is acknowledged once a replica has it
                t += "min-replicas-ack 1\nmin-replicas-ack-timeout %d\n" % ZL_ACK_TIMEOUT
            return t
        return ("bind %s\nport %d\nprotected-mode no\ndir \"%s\"\nlogfile \"\"\n"
                "sentinel announce-ip %s\n"
                "sentinel monitor %s %s %d 2\n"
                "sentinel down-after-milliseconds %s %d\n"
                "sentinel failover-timeout %s %d\n"
                "sentinel parallel-syncs %s 1\n") % (
            a, SENTINEL_PORT, d, a, NAME, ADDR["h1"], NODE_PORT, NAME, DOWN_AFTER, NAME, FAILOVER_TIMEOUT, NAME)

    def argv(self, h, role):
        conf = self.conf(h, role)
        if self.system == "redis":
            return ["redis-server" if role == "node" else "redis-sentinel", conf]
        jvm = ["java", "-XX:+UseSerialGC", "-Xss512k", "-XX:TieredStopAtLevel=1",
               "-Dvertx.disableFileCPResolving=true", "-Xms" + VIGIL_HEAP, "-Xmx" + VIGIL_HEAP]
        if role == "node":
            return jvm + ["-jar", SERVER_JAR, conf]
        return jvm + ["--add-modules", "java.se", "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
                      "--add-opens", "java.base/java.lang=ALL-UNNAMED", "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
                      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
                      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED",
                      "-jar", SENTINEL_JAR, conf]

    def start(self, h, role):
        out = open(os.path.join(self.work, h, role, "out.log"), "ab")
        self.procs[(h, role)] = subprocess.Popen(["ip", "netns", "exec", ns(h)] + self.argv(h, role),
                                                 stdout=out, stderr=subprocess.STDOUT,
                                                 cwd=os.path.join(self.work, h, role))
        out.close()

    def kill(self, h, role):
        p = self.procs.get((h, role))
        if p and p.poll() is None:
            p.send_signal(signal.SIGCONT)
            p.kill()
            p.wait()

    def signal(self, h, role, sig):
        self.procs[(h, role)].send_signal(sig)

    def stop(self):
        for k in list(self.procs):
            self.kill(*k)

    def log_tail(self, h, role, n=30):
        try:
            with open(os.path.join(self.work, h, role, "out.log"), "rb") as f:
                return b"\n".join(f.read().splitlines()[-n:]).decode(errors="replace")
        except OSError:
            return ""

    # ---- views

    def role(self, h, timeout=0.5):
        r = try_call(ADDR[h], NODE_PORT, "ROLE", timeout=timeout)
        return r

    def sentinel_master(self, h):
        r = try_call(ADDR[h], SENTINEL_PORT, "SENTINEL", "GET-MASTER-ADDR-BY-NAME", NAME, timeout=0.5)
        return r[0].decode() if r else None

    def masters(self):
        return [h for h in HOSTS if (lambda r: r is not None and r[0] == b"master")(self.role(h))]

    def healthy(self):
        """One node says master, the other two are its connected replicas, every sentinel names it,
        sees both replicas and both peers unflagged."""
        ms = self.masters()
        if len(ms) != 1:
            return None
        m = ms[0]
        for h in HOSTS:
            if h == m:
                continue
            r = self.role(h)
            if not r or r[0] != b"slave" or r[1].decode() != ADDR[m] or r[3] != b"connected":
                return None
        for h in HOSTS:
            if self.sentinel_master(h) != ADDR[m]:
                return None
            reps = try_call(ADDR[h], SENTINEL_PORT, "SENTINEL", "REPLICAS", NAME)
            peers = try_call(ADDR[h], SENTINEL_PORT, "SENTINEL", "SENTINELS", NAME)
            if reps is None or peers is None or len(reps) != 2 or len(peers) != 2:
                return None
            for r in reps:
                d = dict(zip(r[::2], r[1::2]))
                if d.get(b"flags") != b"slave" or d.get(b"master-link-status") != b"ok":
                    return None
            for p in peers:
                d = dict(zip(p[::2], p[1::2]))
                if d.get(b"flags") != b"sentinel":
                    return None
        return m

    def converged(self):
        """One master, two connected replicas of it, equal DEBUG DIGEST on all three: the master."""
        ms = self.masters()
        if len(ms) != 1:
            return None
        m = ms[0]
        for h in HOSTS:
            if h != m:
                r = self.role(h)
                if not r or r[0] != b"slave" or r[1].decode() != ADDR[m] or r[3] != b"connected":
                    return None
        ds = {try_call(ADDR[h], NODE_PORT, "DEBUG", "DIGEST", timeout=2.0) for h in HOSTS}
        if len(ds) != 1 or None in ds:
            return None
        return m


def wait_for(pred, timeout, step=0.1):
    end = time.time() + timeout
    while time.time() < end:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return None


# ---------------------------------------------------------------------------------- observers

class RolePoller:
    """ROLE of every node every 100 ms (one thread per node, 300 ms timeout): (time, host, role)."""

    def __init__(self, cluster):
        self.samples, self.lock, self.running = [], threading.Lock(), True
        self.threads = [threading.Thread(target=self.loop, args=(cluster, h), daemon=True) for h in HOSTS]
        for t in self.threads:
            t.start()

    def loop(self, cl, h):
        conn = None
        while self.running:
            t0 = time.time()
            role = None
            try:
                if conn is None:
                    conn = Conn(NODE_PORT, timeout=0.3, host=ADDR[h])
                r = conn.call("ROLE")
                role = r[0].decode()
                if role == "slave":
                    role = ("slave", r[1].decode(), r[3].decode())
            except (OSError, RuntimeError, ConnectionError, ValueError, IndexError, AttributeError):
                if conn:
                    conn.close()
                conn = None
            with self.lock:
                self.samples.append((t0, h, role))
            d = 0.1 - (time.time() - t0)
            if d > 0:
                time.sleep(d)

    def stop(self):
        self.running = False
        for t in self.threads:
            t.join()

    def states(self, t0, t1):
        """[(t, {host: role}) every 100 ms from t0 to t1]; a role is "master", ("slave", master ip,
        link state) or None (no answer, or no sample in the last 350 ms)."""
        with self.lock:
            s = sorted((x for x in self.samples if t0 - 1 <= x[0] <= t1), key=lambda x: x[0])
        last, out, i, t = {}, [], 0, t0
        while t < t1:
            while i < len(s) and s[i][0] <= t:
                last[s[i][1]] = s[i]
                i += 1
            out.append((t, {h: (x[2] if t - x[0] <= 0.35 else None) for h, x in last.items()}))
            t += 0.1
        return out

    def heal_seconds(self, t_end, t1):
        """From the fault's end until the nodes last became one master with two connected replicas
        of it (and stayed so until t1); None if they were not so at t1."""
        st = self.states(t_end, t1)
        last_bad = None
        for t, roles in st:
            ms = [h for h in HOSTS if roles.get(h) == "master"]
            ok = len(ms) == 1 and all(
                isinstance(roles.get(h), tuple) and roles[h][1] == ADDR[ms[0]] and roles[h][2] == "connected"
                for h in HOSTS if h != ms[0])
            if not ok:
                last_bad = t
        if st and last_bad is not None and last_bad >= st[-1][0] - 0.05:
            return None
        return 0.0 if last_bad is None else round(last_bad + 0.1 - t_end, 1)

    def two_master_seconds(self, t0, t1):
        total = 0.0
        for _, roles in self.states(t0, t1):
            if sum(1 for r in roles.values() if r == "master") >= 2:
                total += 0.1
        return round(total, 1)


class SwitchListener:
    """SUBSCRIBE +switch-master on every sentinel (reconnecting): [(time, new master ip)]."""

    def __init__(self):
        self.events, self.lock, self.running = [], threading.Lock(), True
        for h in HOSTS:
            threading.Thread(target=self.loop, args=(h,), daemon=True).start()

    def loop(self, h):
        while self.running:
            try:
                c = Conn(SENTINEL_PORT, timeout=1.0, host=ADDR[h])
                c.call("SUBSCRIBE", "+switch-master")
                c.s.settimeout(0.5)
                while self.running:
                    try:
                        m = c.read()
                    except socket.timeout:
                        continue
                    if isinstance(m, list) and len(m) == 3 and m[0] == b"message":
                        w = m[2].decode().split()
                        with self.lock:
                            self.events.append((time.time(), w[3]))
            except (OSError, RuntimeError, ConnectionError, ValueError, IndexError):
                time.sleep(0.2)

    def since(self, t0):
        with self.lock:
            return sorted(e for e in self.events if e[0] >= t0)


# ------------------------------------------------------------------------------------ faults

def partition(h, prob=None):
    """Cuts host h from every other host and the client (not from the observer): it drops what
    comes in from them, they drop what comes from it, so connections hang rather than close."""
    stat = ["-m", "statistic", "--mode", "random", "--probability", str(prob)] if prob else []
    nsx(h, "iptables", "-A", "INPUT", "-i", "eth0", "!", "-s", ADDR["o"], *stat, "-j", "DROP")
    for other in HOSTS + ["c"]:
        if other != h:
            nsx(other, "iptables", "-A", "INPUT", "-s", ADDR[h], *stat, "-j", "DROP")


def heal_all():
    for s in HOSTS + ["c"]:
        nsx(s, "iptables", "-F", "INPUT", check=False)
        nsx(s, "tc", "qdisc", "del", "dev", "eth0", "root", check=False)


def apply_fault(fault, cl, master, rnd, poller):
    """Runs the fault against the current master's host (or a replica's); returns (fault end
    time, a note)."""
    note = ""
    if fault == "kill":
        cl.kill(master, "node")
        # down until every sentinel names another master (or 20 s), then restarted from its conf
        wait_for(lambda: all(cl.sentinel_master(h) not in (None, ADDR[master]) for h in HOSTS), 20)
        cl.start(master, "node")
    elif fault == "pause":
        cl.signal(master, "node", signal.SIGSTOP)
        time.sleep(PAUSE_S)
        cl.signal(master, "node", signal.SIGCONT)
    elif fault == "partition":
        partition(master)
        time.sleep(PARTITION_S)
        heal_all()
    elif fault == "crash-restart":
        cl.kill(master, "node")
        cl.start(master, "node")
    elif fault == "lossy":
        r = nsx(master, "tc", "qdisc", "add", "dev", "eth0", "root", "netem", "delay", "100ms", "50ms",
                "loss", "20%", check=False)
        if r.returncode == 0:
            note = "netem delay 100ms±50ms loss 20%"
        else:
            # no sch_netem in this kernel: a slow link (tbf 256 kbit) and 20% random drops
            nsx(master, "tc", "qdisc", "add", "dev", "eth0", "root", "tbf", "rate", "256kbit",
                "burst", "16kbit", "latency", "400ms")
            partition(master, prob=0.2)
            note = "tbf 256kbit + 20% drop (no netem)"
        time.sleep(LOSSY_S)
        heal_all()
    elif fault == "sentinel-kill":
        cl.kill(master, "sentinel")
        time.sleep(PAUSE_S)
        cl.start(master, "sentinel")
    elif fault == "replica-partition":
        replica = [h for h in HOSTS if h != master][rnd % 2]
        partition(replica)
        note = "replica " + replica
        time.sleep(PARTITION_S)
        heal_all()
    else:
        raise ValueError(fault)
    return time.time(), note


# ------------------------------------------------------------------------------------ rounds

def read_acks(path, client):
    acks = []
    try:
        with open(path) as f:
            for line in f:
                w = line.split()
                if len(w) == 4:
                    acks.append((float(w[0]), w[1], int(w[2]), w[3], client))
    except OSError:
        pass
    return acks


def count_lost(master_ip, acks, prefix):
    c = Conn(NODE_PORT, timeout=10, host=master_ip)
    lost = 0
    try:
        for client in {a[4] for a in acks}:
            sets = [a[2] for a in acks if a[4] == client and a[1] == "set"]
            for i in range(0, len(sets), 500):
                chunk = sets[i:i + 500]
                vals = c.call("MGET", *["k:%s:%s:%d" % (prefix, client, s) for s in chunk])
                lost += sum(1 for v in vals if v is None)
            present = {int(v) for v in c.call("LRANGE", "l:%s:%s" % (prefix, client), 0, -1)}
            lost += sum(1 for a in acks if a[4] == client and a[1] == "rpush" and a[2] not in present)
    finally:
        c.close()
    return lost


def run_round(cl, system, fault, rnd, work, poller, switches):
    res = {"system": system, "fault": fault, "round": rnd, "ran": False}
    master = wait_for(cl.healthy, 90, step=0.25)
    if not master:
        res["error"] = "cluster not healthy before the round (masters: %s)" % cl.masters()
        return res
    prefix = "%s%d" % (fault, rnd)
    sentinels = [ADDR[h] for h in HOSTS]
    inside_order = [ADDR[master]] + [s for s in sentinels if s != ADDR[master]]
    clients = {}
    for name, where, order in (("in", master, inside_order), ("out", "c", sentinels)):
        out = os.path.join(work, "%s-%s.acks" % (prefix, name))
        clients[name] = (out, subprocess.Popen(
            ["ip", "netns", "exec", ns(where), sys.executable, os.path.abspath(__file__), "client",
             "--name", name, "--sentinels", ",".join(order), "--prefix", prefix, "--out", out]))
    def started():
        return all(os.path.exists(out) and os.path.getsize(out) > 0 for out, _ in clients.values())
    if not wait_for(started, 30):
        res["error"] = "the clients had no write acknowledged in 30 s"
        for _, p in clients.values():
            p.kill()
            p.wait()
        return res
    time.sleep(WARM_S)
    t_fault = time.time()
    t_end, note = apply_fault(fault, cl, master, rnd, poller)
    time.sleep(POST_S)
    t_stop = time.time()
    acks = []
    for name, (out, p) in clients.items():
        p.send_signal(signal.SIGTERM)
        try:
            p.wait(10)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
        acks += read_acks(out, name)
    final = wait_for(cl.converged, HEAL_TIMEOUT, step=0.2)
    t_conv = time.time()
    converged = final is not None
    if not converged:
        # still measure the loss against the master the sentinels name
        ips = [cl.sentinel_master(h) for h in HOSTS]
        ips = [i for i in ips if i]
        final_ip = max(set(ips), key=ips.count) if ips else None
    else:
        final_ip = ADDR[final]
    sw = [e for e in switches.since(t_fault) if e[0] <= t_stop + 1]
    # split-brain acks: acknowledged, after a +switch-master, by a node other than the one the
    # latest switch (before that ack) named
    split = 0
    for a in acks:
        named = [ip for (ts, ip) in sw if ts <= a[0]]
        if named and a[3] != named[-1]:
            split += 1
    out_acks = sorted(a[0] for a in acks if a[4] == "out" and a[0] >= t_fault - WARM_S)
    gaps = [b - a for a, b in zip(out_acks, out_acks[1:])]
    window = max(gaps) if gaps else None
    if out_acks and t_stop - out_acks[-1] > (window or 0):
        window = t_stop - out_acks[-1]
    lost = count_lost(final_ip, acks, prefix) if final_ip else None
    heal = None
    if converged:
        heal = poller.heal_seconds(t_end, t_conv)
        if heal is None:  # healed in the very last poll
            heal = round(t_conv - t_end, 1)
    res.update({
        "ran": True, "note": note, "old_master": ADDR[master], "final_master": final_ip,
        "acked": len(acks), "acked_in": sum(1 for a in acks if a[4] == "in"),
        "acked_out": sum(1 for a in acks if a[4] == "out"),
        "lost": lost, "split_brain_acks": split, "switches": len(sw),
        "two_master_s": poller.two_master_seconds(t_fault, t_conv),
        "converged": converged, "window_s": round(window, 2) if window is not None else None,
        "heal_s": heal,
        "data_converged_s": round(t_conv - t_stop, 1) if converged else None,
        "fault_s": round(t_end - t_fault, 1),
        "masters_at_end": len(cl.masters()),
    })
    return res


def rounds_main(a):
    """Runs inside the observer namespace: for each system, starts the cluster, runs the rounds."""
    results = []
    systems = a.systems.split(",")
    faults = a.faults.split(",")
    stopping = [False]

    def bye(*_):
        stopping[0] = True
        raise SystemExit(1)

    signal.signal(signal.SIGTERM, bye)
    for system in systems:
        work = os.path.join(a.work, system)
        cl = Cluster(system, work)
        poller = switches = None
        t_sys = time.time()
        try:
            for h in HOSTS:
                cl.start(h, "node")
            for h in HOSTS:
                if not wait_for(lambda: cl.role(h), 60):
                    raise RuntimeError("%s %s node did not start:\n%s" % (system, h, cl.log_tail(h, "node")))
            for h in HOSTS:
                cl.start(h, "sentinel")
            if not wait_for(cl.healthy, 120, step=0.25):
                raise RuntimeError("%s: cluster not healthy after start; sentinel log:\n%s"
                                   % (system, cl.log_tail("h1", "sentinel")))
            log("%s: cluster up in %.1f s" % (system, time.time() - t_sys))
            poller, switches = RolePoller(cl), SwitchListener()
            for rnd in range(1, a.rounds + 1):
                for fault in faults:
                    r = run_round(cl, system, fault, rnd, work, poller, switches)
                    results.append(r)
                    log(fmt_row(r))
                    with open(a.json, "w") as f:
                        json.dump(results, f, indent=1)
        except Exception as e:  # the bed's own failure for this system: recorded, other systems still run
            results.append({"system": system, "fault": "setup", "round": 0, "ran": False, "error": str(e)})
            log("%s: %s" % (system, e))
        finally:
            if poller:
                poller.stop()
            if switches:
                switches.running = False
            cl.stop()
            heal_all()
            log("%s: done in %.0f s" % (system, time.time() - t_sys))
        with open(a.json, "w") as f:
            json.dump(results, f, indent=1)


# ----------------------------------------------------------------------------------- reports

COLS = [("round", "round"), ("system", "system"), ("acked", "acked"), ("lost", "lost"),
        ("split_brain_acks", "split-brain acks"), ("two_master_s", "two-master s"),
        ("converged", "converged"), ("window_s", "window s"), ("heal_s", "heal s")]


TSV = ["system", "fault", "round", "ran", "acked", "acked_in", "acked_out", "lost", "split_brain_acks",
       "two_master_s", "converged", "window_s", "heal_s", "masters_at_end", "error"]


def cell(v):
    if v is None:
        return "-"
    if v is True:
        return "yes"
    if v is False:
        return "no"
    return str(v)


def fmt_row(r):
    if not r.get("ran"):
        return "%-7s %-17s round %d: DID NOT RUN: %s" % (r["system"], r["fault"], r["round"], r.get("error"))
    return "%-7s %-17s round %d: acked %5d lost %5s split-brain %4s two-master %4ss converged %-3s window %5ss heal %5ss %s" % (
        r["system"], r["fault"], r["round"], r["acked"], cell(r["lost"]), r["split_brain_acks"],
        r["two_master_s"], cell(r["converged"]), cell(r["window_s"]), cell(r["heal_s"]), r.get("note", ""))


def med(xs):
    xs = [x for x in xs if x is not None]
    return round(statistics.median(xs), 2) if xs else None


def markdown(results):
    out = []
    faults = []
    for r in results:
        if r["fault"] not in faults and r["fault"] != "setup":
            faults.append(r["fault"])
    for r in results:
        if not r.get("ran") and r["fault"] == "setup":
            out.append("**%s: the bed failed to run it:** %s\n" % (r["system"], r.get("error", "").splitlines()[0]))
    summary = ["| fault | system | rounds | acked (sum) | lost (sum) | rounds with loss | split-brain acks (sum) "
               "| two-master s (median / max) | converged | window s (median / max) | heal s (median / max) |",
               "|---|---|---|---|---|---|---|---|---|---|---|"]
    for fault in faults:
        rows = sorted((r for r in results if r["fault"] == fault), key=lambda r: (r["round"], r["system"]))
        out.append("### %s\n" % fault)
        out.append("| " + " | ".join(c[1] for c in COLS) + " | note |")
        out.append("|" + "---|" * (len(COLS) + 1))
        for r in rows:
            if r.get("ran"):
                out.append("| " + " | ".join(cell(r.get(c[0])) for c in COLS) + " | %s |" % r.get("note", ""))
            else:
                out.append("| %d | %s | did not run: %s |" % (r["round"], r["system"], r.get("error")) + " |" * (len(COLS) - 2))
        out.append("")
        for system in sorted({r["system"] for r in rows}):
            rs = [r for r in rows if r["system"] == system and r.get("ran")]
            if not rs:
                continue

            def mx(k):
                xs = [r[k] for r in rs if r.get(k) is not None]
                return max(xs) if xs else None
            summary.append("| %s | %s | %d | %d | %d | %d | %d | %s / %s | %d/%d | %s / %s | %s / %s |" % (
                fault, system, len(rs), sum(r["acked"] for r in rs), sum(r["lost"] or 0 for r in rs),
                sum(1 for r in rs if r["lost"]), sum(r["split_brain_acks"] for r in rs),
                cell(med([r["two_master_s"] for r in rs])), cell(mx("two_master_s")),
                sum(1 for r in rs if r["converged"]), len(rs),
                cell(med([r["window_s"] for r in rs])), cell(mx("window_s")),
                cell(med([r["heal_s"] for r in rs])), cell(mx("heal_s"))))
    return "\n".join(summary) + "\n\n" + "\n".join(out) + "\n"


def side_by_side(results):
    systems = [s for s in SYSTEMS if any(r["system"] == s for r in results)] or ["redis", "vigil"]
    lines = ["%-17s %-6s %s" % ("fault", "round", "   ".join("%-62s" % s for s in systems))]
    keys = sorted({(r["fault"], r["round"]) for r in results if r["fault"] != "setup"},
                  key=lambda k: (k[1], ALL_FAULTS.index(k[0]) if k[0] in ALL_FAULTS else 99))
    for fault, rnd in keys:
        cells = []
        for s in systems:
            r = next((x for x in results if x["system"] == s and x["fault"] == fault and x["round"] == rnd), None)
            if r is None:
                cells.append("%-62s" % "-")
            elif not r.get("ran"):
                cells.append("%-62s" % ("DID NOT RUN: " + str(r.get("error")))[:62])
            else:
                cells.append("%-62s" % ("acked %d lost %s sb %d 2m %ss conv %s win %ss heal %ss" % (
                    r["acked"], cell(r["lost"]), r["split_brain_acks"], r["two_master_s"], cell(r["converged"]),
                    cell(r["window_s"]), cell(r["heal_s"]))))
        lines.append("%-17s %-6d %s" % (fault, rnd, "   ".join(cells)))
    return "\n".join(lines)


# ----------------------------------------------------------------------------------- the bed

def bed_main(a):
    reason = why_not()
    if reason:
        print("faults: SKIP: " + reason, file=sys.stderr, flush=True)
        return 77
    # one bed at a time on a machine: a second one waits here (its leftover cleanup would
    # otherwise destroy the first one's namespaces)
    import fcntl
    lock = open(LOCK, "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        log("another fault bed runs on this machine (%s); waiting for it" % LOCK)
        fcntl.flock(lock, fcntl.LOCK_EX)
    left = cleanup()
    if left:
        log("removed leftovers of an earlier run: " + " ".join(left))
    work = a.work or tempfile.mkdtemp(prefix="vgf-")
    os.makedirs(work, exist_ok=True)
    json_path = os.path.abspath(a.json or os.path.join(work, "results.json"))
    if os.path.exists(json_path):
        os.remove(json_path)
    child = [None]

    def on_signal(signum, _):
        if child[0] and child[0].poll() is None:
            child[0].terminate()
        cleanup()
        sys.exit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    t0 = time.time()
    try:
        setup_network()
        log("network up: bridge in %s, hosts %s, client %s, observer %s" % (
            ns("br"), ", ".join(ADDR[h] for h in HOSTS), ADDR["c"], ADDR["o"]))
        child[0] = subprocess.Popen(["ip", "netns", "exec", ns("o"), sys.executable, os.path.abspath(__file__),
                                     "rounds", "--systems", a.systems, "--faults", a.faults,
                                     "--rounds", str(a.rounds), "--work", work, "--json", json_path])
        child[0].wait()
    finally:
        if child[0] and child[0].poll() is None:
            child[0].kill()
        cleanup()
        results = json.load(open(json_path)) if os.path.exists(json_path) else []
        if not a.keep and not a.work:
            shutil.rmtree(work, ignore_errors=True)
    print()
    print(side_by_side(results))
    print("\n%d rounds in %.0f s; down-after-milliseconds %d, quorum 2; machine: %d cores, load avg %s" % (
        len([r for r in results if r.get("ran")]), time.time() - t0, DOWN_AFTER, os.cpu_count(),
        open("/proc/loadavg").read().split()[:3]))
    if a.md:
        with open(a.md, "w") as f:
            f.write(markdown(results))
    if a.tsv:
        with open(a.tsv, "w") as f:
            f.write("\t".join(TSV) + "\n")
            for r in results:
                f.write("\t".join(cell(r.get(k)).replace("\t", " ").replace("\n", " ") for k in TSV) + "\n")
    expected = len(a.systems.split(",")) * len(a.faults.split(",")) * a.rounds
    ran = sum(1 for r in results if r.get("ran"))
    if ran != expected:
        print("faults: only %d of %d rounds ran" % (ran, expected), file=sys.stderr)
        return 1
    return 0


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("bed")
    b.add_argument("--systems", default="redis,vigil")
    b.add_argument("--faults", default=",".join(ALL_FAULTS))
    b.add_argument("--rounds", type=int, default=1)
    b.add_argument("--json")
    b.add_argument("--md")
    b.add_argument("--tsv")
    b.add_argument("--work")
    b.add_argument("--keep", action="store_true")
    r = sub.add_parser("rounds")
    for k in ("--systems", "--faults", "--work", "--json"):
        r.add_argument(k, required=True)
    r.add_argument("--rounds", type=int, required=True)
    c = sub.add_parser("client")
    for k in ("--name", "--sentinels", "--prefix", "--out"):
        c.add_argument(k, required=True)
    rep = sub.add_parser("report")
    rep.add_argument("--json", required=True)
    rep.add_argument("--md", required=True)
    sub.add_parser("cleanup")
    sub.add_parser("check")
    a = p.parse_args()
    if a.cmd == "bed":
        return bed_main(a)
    if a.cmd == "rounds":
        return rounds_main(a)
    if a.cmd == "client":
        return client_main(a)
    if a.cmd == "report":
        results = json.load(open(a.json))
        with open(a.md, "w") as f:
            f.write(markdown(results))
        print(side_by_side(results))
        return 0
    if a.cmd == "cleanup":
        left = cleanup()
        print("removed: " + (" ".join(left) if left else "nothing"))
        return 0
    if a.cmd == "check":
        reason = why_not()
        if reason:
            print("faults: SKIP: " + reason, file=sys.stderr)
            return 77
        return 0


if __name__ == "__main__":
    sys.exit(main() or 0)
