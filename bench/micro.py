"""Per-request Python cost of the server's hot path, without the network.

A real ``net.Socket`` is given a fake transport that swallows writes; a
hello-world request is fed to the attached parser and one loop turn is run
per request (as a keep-alive client would cause). Prints microseconds per
request; ``--profile`` adds a cProfile listing of the hottest functions.

    python bench/micro.py [--requests N] [--profile]
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
    sock.server = server
    transport = FakeTransport()
    proto = net._SocketProtocol(sock)
    sock._on_connection_made(transport, proto)
    return loop, transport, sock


def one_turn(loop: Any) -> None:
    loop.call_soon(loop.stop)
    loop.run_forever()


def bench(n: int, profile: bool) -> None:
    loop, transport, sock = setup()
    consumer = sock._data_consumer
    for _ in range(2000):  # warm-up
        consumer(REQUEST)
        one_turn(loop)
    prof = cProfile.Profile() if profile else None
    t0 = time.perf_counter()
    if prof:
        prof.enable()
    for _ in range(n):
        consumer(REQUEST)
        one_turn(loop)
    if prof:
        prof.disable()
    dt = time.perf_counter() - t0
    empty = time.perf_counter()
    for _ in range(n):
        one_turn(loop)
    turn = time.perf_counter() - empty
    print(f"{n} requests: {dt / n * 1e6:.2f} us/request "
          f"({(dt - turn) / n * 1e6:.2f} us without the bare loop turn), "
          f"{transport.written / n:.0f} bytes/response")
    if prof:
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=50000)
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    bench(args.requests, args.profile)


if __name__ == "__main__":
    main()
