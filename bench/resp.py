"""RESP over a plain socket for the bench probes (standard library only): a blocking
connection, INFO as a dict, and percentiles. Imported by replication_probe.py and
snapshot_probe.py, failover_probe.py and faults.py (Python puts the script's own folder on sys.path)."""
import socket


class Conn:
    """A blocking RESP connection (RESP2 replies, RESP3 pushes read as arrays)."""

    def __init__(self, port, timeout=None, host="127.0.0.1"):
        self.s = socket.create_connection((host, port), timeout=timeout)
        self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.f = self.s.makefile("rb")

    def send(self, *args):
        parts = [b"*%d\r\n" % len(args)]
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            parts.append(b"$%d\r\n%s\r\n" % (len(a), a))
        self.s.sendall(b"".join(parts))

    def call(self, *args):
        self.send(*args)
        return self.read()

    def read(self):
        line = self.f.readline()
        if not line:
            raise ConnectionError("closed")
        t = line[:1]
        if t == b"$":
            n = int(line[1:])
            return None if n < 0 else self.f.read(n + 2)[:-2]
        if t == b"-":
            raise RuntimeError(line.decode().strip())
        if t == b":":
            return int(line[1:])
        if t in (b"*", b">"):
            n = int(line[1:])
            return None if n < 0 else [self.read() for _ in range(n)]
        return line[1:].strip()

    def close(self):
        try:
            self.s.close()
        except OSError:
            pass


def info(conn, section):
    out = {}
    for line in conn.call("INFO", section).decode().splitlines():
        if ":" in line:
            k, v = line.split(":", 1)
            out[k] = v
    return out


def pct(values, p):
    if not values:
        return float("nan")
    v = sorted(values)
    return v[min(len(v) - 1, int(p / 100.0 * len(v)))]
