"""nodekit.net life cycle at the edges: per-loop receive buffers, destroy()
dropping unsent data, EOF releasing the handle, listen() error codes.

Expected behaviour was checked against Node v20 (the same programs in JS).
"""

from __future__ import annotations

import asyncio
import sys
import threading

from nodekit import http, runtime
from tests.support import connect
from tests.wire import read_message

# -- one receive buffer per loop ------------------------------------------------


def _gil_heavy() -> int:
    # Pure-Python work: holds the GIL long enough for the other loop's thread
    # to run (and read into its receive buffer) between two requests' parses.
    return sum(i * i for i in range(3000))


def _serve_in_thread(name: str, ready: list, stop: threading.Event, errors: list) -> None:
    async def amain() -> None:
        def on_request(req, res):
            _gil_heavy()
            res.end(req.url)

        srv = http.create_server(on_request)
        listening = asyncio.get_running_loop().create_future()
        srv.listen(0, "127.0.0.1", lambda: listening.set_result(srv.address()["port"]))
        ready.append((name, await listening))
        while not stop.is_set():
            await asyncio.sleep(0.01)
        srv.close()
        srv.close_all_connections()

    try:
        with asyncio.Runner(loop_factory=runtime.new_loop) as runner:
            runner.run(asyncio.wait_for(amain(), 60))
    except BaseException as exc:  # noqa: BLE001 - reported by the test thread
        errors.append(exc)


def _pipelined_pairs(name: str, port: int, pairs: int, bad: list, errors: list) -> None:
    try:
        with connect(port, timeout=5) as sock:
            for i in range(pairs):
                urls = [f"/{name}/{i}/a", f"/{name}/{i}/b"]
                sock.sendall(b"".join(f"GET {u} HTTP/1.1\r\nHost: x\r\n\r\n".encode()
                                      for u in urls))
                rest = b""
                for url in urls:
                    msg, rest = read_message(sock, rest)
                    body = msg.split(b"\r\n\r\n", 1)[1]
                    if body != url.encode():
                        bad.append((url, body))
    except BaseException as exc:  # noqa: BLE001 - reported by the test thread
        errors.append(exc)


def test_two_loops_in_two_threads_never_see_each_others_bytes():
    # Each loop reads into its own buffer (the Runtime's): with one buffer per
    # process, a read on one thread overwrote the bytes the other thread's
    # parser was still going through: responses carried the other server's
    # URLs, or the mangled requests were refused or never completed.
    old_interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-5)  # switch threads often: the race shows at once
    ready: list = []
    errors: list = []
    bad: list = []
    stop = threading.Event()
    servers = [threading.Thread(target=_serve_in_thread, args=(n, ready, stop, errors))
               for n in ("one", "two")]
    try:
        for t in servers:
            t.start()
        for _ in range(500):
            if len(ready) == 2 or errors:
                break
            threading.Event().wait(0.01)
        assert len(ready) == 2, errors
        clients = [threading.Thread(target=_pipelined_pairs, args=(n, p, 150, bad, errors))
                   for n, p in ready for _ in range(2)]
        for t in clients:
            t.start()
        for t in clients:
            t.join(60)
        assert not any(t.is_alive() for t in clients)
    finally:
        sys.setswitchinterval(old_interval)
        stop.set()
        for t in servers:
            t.join(30)
    assert not errors
    assert not bad, f"{len(bad)} of 600 responses carried another request's URL: {bad[:3]}"
