"""Per-message cost of the two parsers behind ``http/_parser``'s interface.

Feeds the same keep-alive request (wrk's, with a few browser-like headers)
through the httptools-based parser and the compiled one, with a handler
that does nothing, and prints the time per request of each and their ratio,
measured in the same run (interleaved rounds, best of each)::

    python bench/parser.py [--rounds 7] [--n 20000]

Run it under ``valgrind --tool=callgrind`` with ``--only native`` or
``--only httptools`` for instruction counts (immune to the machine's load);
the difference of two runs with different ``--n`` is the cost of
``--n`` requests. ``--server N`` drives N hello-world requests through the
whole server path instead (``bench/micro.py``'s fake transport) and exits at
once, for the same use; ``NODEKIT_PARSER=httptools`` selects the other parser.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any

from nodekit.http._parser import NATIVE_PARSERS, HttptoolsRequestParser

REQUEST = (b"GET /hello HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nUser-Agent: wrk\r\n"
           b"Accept: */*\r\nAccept-Encoding: gzip, deflate\r\nConnection: keep-alive\r\n\r\n")


class Handler:
    def on_message_begin(self) -> None:
        pass

    def on_headers_complete(self, *args: Any) -> None:
        return None

    def on_body(self, chunk: bytes) -> None:
        pass

    def on_message_complete(self) -> None:
        pass


def per_request(parser_cls: type, n: int) -> float:
    parser = parser_cls(Handler())
    data = memoryview(REQUEST)
    execute = parser.execute
    start = time.perf_counter()
    for _ in range(n):
        execute(data)
    return (time.perf_counter() - start) / n


def drive_server(n: int) -> None:
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    import micro  # bench/micro.py: a server socket on a fake transport

    loop, _transport, proto = micro.setup()
    micro.drive(loop, proto, 300, True)  # warm-up
    micro.drive(loop, proto, n, True)
    sys.stdout.flush()
    os._exit(0)  # (valgrind writes its counts at exit; nothing else to wait for)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--n", type=int, default=20000)
    ap.add_argument("--only", choices=("native", "httptools"))
    ap.add_argument("--server", type=int, metavar="N", help="N requests through the server")
    args = ap.parse_args()
    if args.server:
        drive_server(args.server)
    if NATIVE_PARSERS is None:
        raise SystemExit("the native parser is not built (python setup.py build_ext --inplace)")
    impls = {"httptools": HttptoolsRequestParser, "native": NATIVE_PARSERS[0]}
    if args.only:
        per_request(impls[args.only], args.n)
        return
    best = {name: float("inf") for name in impls}
    for _ in range(args.rounds):
        for name, cls in impls.items():
            best[name] = min(best[name], per_request(cls, args.n))
    for name, t in best.items():
        print(f"{name:10s} {t * 1e9:8.0f} ns/request")
    print(f"native is {best['httptools'] / best['native']:.2f}x faster")


if __name__ == "__main__":
    main()
