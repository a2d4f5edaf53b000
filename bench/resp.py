"""RESP over a plain socket for the bench probes (standard library only): a blocking
connection, INFO as a dict, and percentiles. Imported by replication_probe.py and
snapshot_probe.py (Python puts the script's own folder on sys.path)."""
import socket


class Conn:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port))
        self.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.f = self.s.makefile("rb")

    def call(self, *args):
        parts = [b"*%d\r\n" % len(args)]
        for a in args:
            a = a if isinstance(a, bytes) else str(a).encode()
            parts.append(b"$%d\r\n%s\r\n" % (len(a), a))
        self.s.sendall(b"".join(parts))
        return self.read()

    def read(self):
        line = self.f.readline()
        t = line[:1]
        if t == b"$":
            n = int(line[1:])
            if n < 0:
                return None
            data = self.f.read(n + 2)
            return data[:-2]
        if t == b"-":
            raise RuntimeError(line.decode().strip())
        if t == b":":
            return int(line[1:])
        if t == b"*":
            return [self.read() for _ in range(int(line[1:]))]
        return line[1:].strip()


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
