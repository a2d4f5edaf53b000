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


async def client(n, port, mode, pipeline, deadline, lat, counts):
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    value = b"x" * 32
    rounds = [b"".join(encode("SET", b"key:%d:%d" % (n, (r * pipeline + i) % 1000), value) for i in range(pipeline))
              + (encode("WAIT", 1, 0) if mode == "wait" else b"") for r in range(1000)]
    replies = pipeline + (1 if mode == "wait" else 0)
    r = 0
    while time.monotonic() < deadline:
        t0 = time.perf_counter()
        writer.write(rounds[r % 1000])
        seen = 0
        while seen < replies:
            line = await reader.readline()
            if not line:
                raise ConnectionError("closed")
            if line.startswith(b"-"):
                counts[1] += 1
            seen += 1   # every reply here is one line: +OK, :n or an error
        lat.append((time.perf_counter() - t0) * 1000.0)
        counts[0] += pipeline
        r += 1
    writer.close()


async def main():
    port, mode, pipeline, clients, seconds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5])
    lat, counts = [], [0, 0]
    start = time.monotonic()
    deadline = start + seconds
    await asyncio.gather(*(client(n, port, mode, pipeline, deadline, lat, counts) for n in range(clients)))
    elapsed = time.monotonic() - start
    print("%d %.2f %.2f %d" % (counts[0] / elapsed, pct(lat, 50), pct(lat, 99), counts[1]))


asyncio.run(main())
