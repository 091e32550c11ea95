"""Per-request Python cost of the client's hot path, without the network.

``bench/programs/client.py``'s loop (keep-alive GETs through an Agent, C in
flight) on sockets whose transport is fake: each request written is answered,
one loop turn later, with the bytes Node's hello world sends (chunked, with
``Keep-Alive: timeout=5``), fed the way the loop feeds a read. Under
``valgrind --tool=callgrind`` the difference of two runs (``--requests``)
gives the instructions per request with no kernel and no server in them.

    python bench/client_micro.py [--requests N] [--inflight C] [--repeat R] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nodekit import http, net, runtime

sys.path.insert(0, str(Path(__file__).resolve().parent))
from micro import FakeTransport as _QuietTransport  # noqa: E402 - bench/ is not a package

RESPONSE = (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
            b"Date: Wed, 02 Dec 2026 15:15:57 GMT\r\nConnection: keep-alive\r\n"
            b"Keep-Alive: timeout=5\r\nTransfer-Encoding: chunked\r\n\r\n"
            b"d\r\nHello, World!\r\n0\r\n\r\n")


class FakeTransport(_QuietTransport):
    """bench/micro.py's fake transport, on the client side: a write is answered a
    loop turn later, and closing tells the protocol."""

    def __init__(self, loop: Any) -> None:
        super().__init__()
        self.loop = loop
        self.protocol: Any = None

    def write(self, data: bytes) -> None:
        self.loop.call_soon(self.answer)

    def answer(self) -> None:
        buf = self.protocol.get_buffer(-1)
        buf[:len(RESPONSE)] = RESPONSE
        self.protocol.buffer_updated(len(RESPONSE))

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return {"sockname": ("127.0.0.1", 50000), "peername": ("127.0.0.1", 8080),
                "socket": None}.get(name, default)

    def close(self) -> None:
        if self.protocol is not None:
            self.loop.call_soon(self.protocol.connection_lost, None)
            self.protocol = None

    abort = close


class FakeAgent(http.Agent):
    """An Agent whose connections are made over :class:`FakeTransport`."""

    def create_connection(self, options: dict[str, Any], callback: Any = None) -> net.Socket:
        loop = runtime.get_loop()
        sock = net.Socket()
        transport = FakeTransport(loop)
        proto = net._SocketProtocol(sock)
        transport.protocol = proto
        sock.connecting = True
        loop.call_soon(sock._on_connection_made, transport, proto)
        return sock


def drive(total: int, inflight: int, run: Callable[..., Any] = runtime.run) -> float:
    """Seconds for ``total`` requests, ``inflight`` at a time (client.py's loop);
    ``run(main)`` runs the loop (the tests pass theirs, with a watchdog)."""
    agent = FakeAgent(keep_alive=True, max_sockets=inflight)
    state = {"started": 0, "done": 0}

    def one() -> None:
        if state["started"] >= total:
            return
        state["started"] += 1

        def on_response(res: Any) -> None:
            def on_end() -> None:
                state["done"] += 1
                if state["done"] == total:
                    agent.destroy()
                else:
                    one()

            res.on("end", on_end)
            res.resume()

        http.get({"port": 8080, "host": "127.0.0.1", "path": "/", "agent": agent}, on_response)

    def main() -> None:
        for _ in range(inflight):
            one()

    t0 = time.perf_counter()
    run(main)
    if state["done"] != total:
        raise RuntimeError(f"{state['done']} of {total} requests done")
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=5000)
    ap.add_argument("--inflight", type=int, default=1)
    ap.add_argument("--repeat", type=int, default=1, help="runs; the best is reported")
    ap.add_argument("--profile", action="store_true")
    args = ap.parse_args()
    drive(200, args.inflight)  # warm-up
    prof = cProfile.Profile() if args.profile else None
    if prof:
        prof.enable()
    dt = min(drive(args.requests, args.inflight) for _ in range(args.repeat))
    if prof:
        prof.disable()
    print(f"{args.requests} requests, {args.inflight} in flight: "
          f"{dt / args.requests * 1e6:.2f} us/request")
    if prof:
        pstats.Stats(prof).sort_stats("tottime").print_stats(30)


if __name__ == "__main__":
    main()
