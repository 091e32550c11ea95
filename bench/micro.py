"""Per-request Python cost of the server's hot path, without the network.

A real ``net.Socket`` is given a fake transport that swallows writes; a
hello-world request is fed through the socket's protocol exactly as the loop
feeds a read (``buffer_updated``), and one loop turn is run after each
request (as a keep-alive client would cause), so work deferred to the loop
counts too; the cost of an empty loop turn is measured apart and taken off.
Prints microseconds per request; ``--profile`` adds a cProfile listing.

    python bench/micro.py [--requests N] [--repeat R] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
from typing import Any

from nodekit import http, net, runtime

REQUEST = (b"GET /plaintext HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"
           b"User-Agent: bench\r\nAccept: */*\r\n\r\n")


class FakeTransport:
    """Just enough of an asyncio transport for net.Socket."""

    def __init__(self) -> None:
        self.written = 0

    def write(self, data: bytes) -> None:
        self.written += len(data)

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"sockname": ("127.0.0.1", 8080), "peername": ("127.0.0.1", 50000)}.get(name)

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        pass

    def get_write_buffer_size(self) -> int:
        return 0

    def is_closing(self) -> bool:
        return False

    def pause_reading(self) -> None:
        pass

    def resume_reading(self) -> None:
        pass

    def close(self) -> None:
        pass

    abort = close


def on_request(req: Any, res: Any) -> None:
    res.write_head(200, {"Content-Type": "text/plain"})
    res.end("Hello, World!")


def setup() -> tuple[Any, FakeTransport, Any]:
    loop = runtime.get_loop()
    server = http.create_server(on_request)
    sock = net.Socket()
    # The fake connection never closes: unref'd, it does not hold the program
    # open at exit (nodekit.run's end-of-script drain would wait on it).
    sock.unref()
    sock.server = server
    transport = FakeTransport()
    proto = net._SocketProtocol(sock)
    sock._on_connection_made(transport, proto)
    return loop, transport, proto


def feed(proto: Any) -> None:
    """One read of REQUEST, delivered the way the loop delivers it."""
    buf = proto.get_buffer(-1)
    buf[:len(REQUEST)] = REQUEST
    proto.buffer_updated(len(REQUEST))


def drive(loop: Any, proto: Any, n: int, work: bool) -> float:
    """Seconds for ``n`` loop iterations, each feeding one request when ``work``.

    One read per iteration, as under a keep-alive client: what a request
    defers to the loop (call_soon, ticks) runs in the same measurement."""
    left = n

    def step() -> None:
        nonlocal left
        if work:
            feed(proto)
        left -= 1
        if left:
            loop.call_soon(step)
        else:
            loop.stop()

    t0 = time.perf_counter()
    loop.call_soon(step)
    loop.run_forever()
    return time.perf_counter() - t0


def bench(n: int, repeat: int, profile: bool) -> None:
    loop, transport, proto = setup()
    drive(loop, proto, 2000, True)  # warm-up
    prof = cProfile.Profile() if profile else None
    if prof:
        prof.enable()
    # The best of `repeat` runs: on a shared machine, noise only ever adds time.
    dt = min(drive(loop, proto, n, True) for _ in range(repeat))
    if prof:
        prof.disable()
    written = transport.written
    turn = min(drive(loop, proto, n, False) for _ in range(repeat))
    print(f"{n} requests: {dt / n * 1e6:.2f} us/request "
          f"({(dt - turn) / n * 1e6:.2f} us without the bare loop turn), "
          f"{written / (n * repeat + 2000):.0f} bytes/response")
    if prof:
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=20000)
    ap.add_argument("--repeat", type=int, default=5, help="runs; the best is reported")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    bench(args.requests, args.repeat, args.profile)


if __name__ == "__main__":
    main()
