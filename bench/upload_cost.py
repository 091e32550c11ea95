"""What an upload costs the server per MiB of body, Content-Length and chunked side by side.

The whole receive path (net's ``buffer_updated`` into the loop's receive
buffer, the parser, the connection's ``on_body``, ``IncomingMessage.push``,
a ``'data'`` listener that counts bytes, as ``bench/programs/server.py``'s
``/upload``) is driven in-process on ``bench/micro.py``'s fake transport, one
read per loop turn, with reads of 64 KiB (a server behind its client) or of
random sizes from 1 byte to 64 KiB (a server ahead of it; seeded). Printed per
MiB of body: minor page faults (the glibc trim/regrow storm of issue 12 shows
here as ~256 per MiB: 16 pages per 64 KiB read), reads, ``'data'`` chunks
(one copy of the receive buffer each), CPU milliseconds (load-sensitive: only
an A/B in the same minute means anything), and the peak RSS growth.

    python bench/upload_cost.py [--mib 256] [--only cl|chunked] [--reads full|random] [--json]

Instructions per MiB (immune to the load): run it under callgrind twice with
different ``--mib`` and one ``--only``/``--reads``, and divide the difference
of the totals by the difference of the sizes::

    PYTHONPATH=$PWD valgrind --tool=callgrind --callgrind-out-file=/tmp/u16.out \\
        .venv/bin/python bench/upload_cost.py --mib 16 --only cl --reads full
    (the same with --mib 80; then (total80 - total16) / 64)

``NODEKIT_PURE=1`` measures the pure-Python path. Set ``PYTHONPATH=$PWD`` to
measure this checkout (not the venv's editable install).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import time
from collections.abc import Iterator
from typing import Any

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import micro  # noqa: E402 - bench/micro.py: the fake transport

from nodekit import http, net, runtime  # noqa: E402

READ = 65536  # net's receive buffer (runtime.RECV_BUFFER_SIZE)
MiB = 1 << 20


def body_stream(mode: str, size: int) -> Iterator[bytes]:
    """The bytes a client sends: a head, then the body in 64 KiB pieces (framed
    as curl frames them when chunked)."""
    if mode == "cl":
        yield b"PUT /upload HTTP/1.1\r\nHost: x\r\nContent-Length: %d\r\n\r\n" % size
    else:
        yield b"PUT /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
    block = bytes(READ)
    frame = b"%x\r\n%s\r\n" % (READ, block)
    left = size
    while left:
        n = min(left, READ)
        left -= n
        if n == READ:
            yield block if mode == "cl" else frame
        else:
            yield block[:n] if mode == "cl" else b"%x\r\n%s\r\n" % (n, block[:n])
    if mode != "cl":
        yield b"0\r\n\r\n"


def upload(mode: str, mib: int, reads: str) -> dict[str, Any]:
    """One upload of ``mib`` MiB through a fresh server connection -> its figures."""
    counts = {"data": 0, "bytes": 0, "reads": 0, "max_chunk": 0, "status": ""}

    def on_request(req: Any, res: Any) -> None:
        def on_data(chunk: bytes) -> None:
            counts["data"] += 1
            counts["bytes"] += len(chunk)
            counts["max_chunk"] = max(counts["max_chunk"], len(chunk))

        def on_end() -> None:
            res.write_head(200, {"Content-Type": "text/plain"})
            res.end(str(counts["bytes"]))
            counts["status"] = "answered"

        req.on("data", on_data)
        req.on("end", on_end)

    loop = runtime.get_loop()
    sock = net.Socket()
    sock.unref()
    sock.server = http.create_server(on_request)
    transport = micro.FakeTransport()
    proto = net._SocketProtocol(sock)
    proto.transport = transport  # (as connection_made leaves it)
    sock._on_connection_made(transport, proto)

    rng = random.Random(12)
    stream = body_stream(mode, mib * MiB)
    piece, offset = memoryview(b""), 0

    def step() -> None:
        # One read: up to n bytes of the stream copied into the receive buffer
        # (the kernel's copy; the driver makes no other).
        nonlocal piece, offset
        n = READ if reads == "full" else rng.randint(1, READ)
        buf = proto.get_buffer(-1)
        filled = 0
        while filled < n:
            if offset == len(piece):
                nxt = next(stream, None)
                if nxt is None:
                    break
                piece, offset = memoryview(nxt), 0
            k = min(n - filled, len(piece) - offset)
            buf[filled:filled + k] = piece[offset:offset + k]
            filled += k
            offset += k
        if not filled:
            loop.stop()
            return
        counts["reads"] += 1
        proto.buffer_updated(filled)
        loop.call_soon(step)

    usage0, cpu0 = resource.getrusage(resource.RUSAGE_SELF), time.process_time()
    loop.call_soon(step)
    loop.run_forever()
    usage1, cpu1 = resource.getrusage(resource.RUSAGE_SELF), time.process_time()
    return {
        "mode": mode, "reads_of": reads, "mib": mib, "answered": counts["status"] == "answered",
        "body_bytes": counts["bytes"], "reads": counts["reads"], "data_chunks": counts["data"],
        "max_chunk": counts["max_chunk"],
        "minflt_per_mib": (usage1.ru_minflt - usage0.ru_minflt) / mib,
        "cpu_ms_per_mib": (cpu1 - cpu0) * 1000 / mib,
        "peak_rss_growth_kib": usage1.ru_maxrss - usage0.ru_maxrss,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--mib", type=int, default=256)
    ap.add_argument("--only", choices=["cl", "chunked"])
    ap.add_argument("--reads", choices=["full", "random"])
    ap.add_argument("--json", action="store_true", help="one JSON object per line")
    args = ap.parse_args()
    upload("cl", 1, "full")  # warm-up: imports, first allocations
    for mode in [args.only] if args.only else ["cl", "chunked"]:
        for reads in [args.reads] if args.reads else ["full", "random"]:
            r = upload(mode, args.mib, reads)
            if args.json:
                print(json.dumps(r), flush=True)
                continue
            name = "Content-Length" if mode == "cl" else "chunked"
            print(f"{name:>14}, {reads:>6} reads: {r['minflt_per_mib']:6.2f} minor faults/MiB, "
                  f"{r['reads'] / args.mib:5.1f} reads/MiB, {r['data_chunks'] / args.mib:5.1f} "
                  f"'data'/MiB, {r['cpu_ms_per_mib']:5.2f} ms CPU/MiB, peak RSS "
                  f"+{r['peak_rss_growth_kib']} KiB", flush=True)
    sys.stdout.flush()
    os._exit(0)  # (valgrind writes its counts at exit; nothing else to wait for)


if __name__ == "__main__":
    main()
