"""SET load for bench/zeroloss.sh (standard library only): CLIENTS asyncio connections, each
sending rounds of PIPELINE SETs (followed by `WAIT 1 0` in mode `wait`) and reading the replies
before the next round, for SECONDS. Prints `sets/s p50_ms p99_ms errors` where the latencies are
per round (one round = one pipelined write and all its replies).

    python3 zeroloss_probe.py PORT MODE(plain|wait) PIPELINE CLIENTS SECONDS
"""
import asyncio
import sys
import time

from resp import pct


def encode(*args):
    parts = [b"*%d\r\n" % len(args)]
    for a in args:
        a = a if isinstance(a, bytes) else str(a).encode()
        parts.append(b"$%d\r\n%s\r\n" % (len(a), a))
    return b"".join(parts)


def rounds_for(n, mode, pipeline):
    """The rounds of connection n, encoded once before the clock starts: 1000 keys per connection."""
    value = b"x" * 32
    count = max(1, 1000 // pipeline)
    return [b"".join(encode("SET", b"key:%d:%d" % (n, r * pipeline + i), value) for i in range(pipeline))
            + (encode("WAIT", 1, 0) if mode == "wait" else b"") for r in range(count)]


async def client(port, rounds, replies, pipeline, deadline, lat, counts):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    r = 0
    while time.monotonic() < deadline:
        t0 = time.perf_counter()
        writer.write(rounds[r % len(rounds)])
        seen, last = 0, b"\n"
        while seen < replies:   # every reply here is one line (+OK, :n or -error): count line ends
            data = await reader.read(65536)
            if not data:
                raise ConnectionError("closed")
            seen += data.count(b"\n")
            counts[1] += data.count(b"\n-") + (1 if last == b"\n" and data[:1] == b"-" else 0)
            last = data[-1:]
        lat.append((time.perf_counter() - t0) * 1000.0)
        counts[0] += pipeline
        r += 1
    writer.close()


async def main():
    port, mode, pipeline, clients, seconds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    lat, counts = [], [0, 0]
    rounds = [rounds_for(n, mode, pipeline) for n in range(clients)]
    replies = pipeline + (1 if mode == "wait" else 0)
    start = time.monotonic()
    deadline = start + seconds
    await asyncio.gather(*(client(port, rounds[n], replies, pipeline, deadline, lat, counts) for n in range(clients)))
    elapsed = time.monotonic() - start
    print("%d %.2f %.2f %d" % (counts[0] / elapsed, pct(lat, 50), pct(lat, 99), counts[1]))


asyncio.run(main())
