"""nodekit.net life cycle at the edges: per-loop receive buffers, destroy()
dropping unsent data, EOF releasing the handle, listen() error codes.

Expected behaviour was checked against Node v20 (the same programs in JS).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import socket
import sys
import threading

import pytest
from conftest import run

from nodekit import http, net, runtime
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


class _NestingConsumer:
    """A consumer during whose call the transport reads again, as asyncio's ssl
    transport does when a callback closes it (close -> flush -> read)."""

    def __init__(self, protocol: net._SocketProtocol) -> None:
        self.protocol = protocol
        self.seen: list[bytes] = []
        self.nested = False

    def on_data(self, view: memoryview) -> None:
        if not self.nested:
            self.nested = True
            before = bytes(view)
            inner = self.protocol.get_buffer(5)
            inner[:5] = b"inner"
            self.protocol.buffer_updated(5)
            # What the outer call is still parsing was not overwritten.
            self.seen.append(bytes(view) if bytes(view) == before else b"overwritten")
        else:
            self.seen.append(bytes(view))

    def on_eof(self) -> None:
        pass

    def on_drain(self) -> None:
        pass


def test_a_read_inside_a_read_does_not_overwrite_the_loops_buffer():
    result: list[list[bytes]] = []

    def read_as_the_loop_does(sock: net.Socket) -> None:
        protocol = net._SocketProtocol(sock)
        consumer = _NestingConsumer(protocol)
        sock.attach_consumer(consumer)
        outer = protocol.get_buffer(65536)
        outer[:5] = b"outer"
        protocol.buffer_updated(5)
        result.append(consumer.seen)
        sock.destroy()

    def main() -> None:
        # From the loop itself (outside any callback), as a transport reads.
        asyncio.get_running_loop().call_soon(read_as_the_loop_does, net.Socket())

    run(main, timeout=5)
    assert result == [[b"inner", b"outer"]]


# -- destroy() drops what is not sent -------------------------------------------

BIG = b"x" * (8 << 20)  # far more than the kernel's buffers hold with a small SO_RCVBUF


@contextlib.contextmanager
def deaf_listener():
    """A listening socket that never accepts nor reads: its connections stall
    once the (small) kernel buffers are full. Yields its port."""
    with socket.socket() as lsock:
        lsock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 65536)  # accepted ones inherit it
        lsock.bind(("127.0.0.1", 0))
        lsock.listen(8)
        yield lsock.getsockname()[1]


def test_destroy_closes_at_once_when_the_peer_does_not_read(must_call):
    # Node: socket.destroy() closes the handle; queued writes are dropped.
    with deaf_listener() as port:
        def main():
            sock = net.connect(port, "127.0.0.1")

            def on_connect():
                sock.write(BIG)
                assert sock.write_buffer_size > 0  # stalled: the peer does not read
                sock.destroy()

            sock.on("connect", must_call(on_connect))
            sock.on("close", must_call(lambda had_error: None))

        run(main, timeout=10)


def test_end_still_flushes_before_finish(must_call):
    # Only destroy() drops: end() sends everything, then FIN ('finish' after it).
    received = bytearray()

    def main():
        def on_connection(conn):
            conn.on("data", received.extend)
            conn.on("end", must_call(lambda: srv.close()))

        srv = net.create_server(on_connection)

        def on_listening():
            sock = net.connect(srv.address()["port"], "127.0.0.1")
            sock.end(BIG)
            sock.on("finish", must_call(lambda: None))
            sock.on("close", must_call(lambda had_error: None))
            sock.resume()

        srv.listen(0, "127.0.0.1", on_listening)

    run(main, timeout=20)
    assert len(received) == len(BIG)


def test_destroy_soon_flushes_then_destroys(must_call):
    received = bytearray()

    def main():
        def on_connection(conn):
            conn.write(BIG)
            conn.destroy_soon()
            conn.on("close", must_call(lambda had_error: srv.close()))

        srv = net.create_server(on_connection)

        def on_listening():
            sock = net.connect(srv.address()["port"], "127.0.0.1")
            sock.on("data", received.extend)
            sock.on("end", must_call(lambda: None))

        srv.listen(0, "127.0.0.1", on_listening)

    run(main, timeout=20)
    assert len(received) == len(BIG)


# -- EOF with unread data -----------------------------------------------------------


def test_eof_with_unread_data_does_not_keep_run_alive(must_call):
    # Node exits: libuv stops reading at EOF and a socket neither reading nor
    # writing is an inactive handle. 'end' never comes (nobody read 'hello').
    client = []

    def main():
        def on_connection(conn):
            conn.write(b"hello")
            conn.destroy()
            srv.close()

        srv = net.create_server(on_connection)

        def on_listening():
            sock = net.connect(srv.address()["port"], "127.0.0.1")
            sock.on("connect", must_call(lambda: None))
            sock.on("end", must_call.never())
            client.append(sock)

        srv.listen(0, "127.0.0.1", on_listening)

    run(main, timeout=10)
    assert client[0].readable_length == 5 and not client[0].destroyed


def test_a_socket_past_eof_keeps_run_alive_while_it_still_writes(must_call):
    # Inactive at EOF only while nothing is queued: a half-open socket that
    # answers after the peer's FIN keeps the loop until its answer is out.
    got = []

    def slow_reader(port):
        with socket.create_connection(("127.0.0.1", port), timeout=5) as c:
            c.sendall(b"go")
            c.shutdown(socket.SHUT_WR)
            threading.Event().wait(0.2)  # the server's write stalls meanwhile
            chunks = []
            while chunk := c.recv(65536):
                chunks.append(chunk)
            got.append(b"".join(chunks))

    def main():
        def on_connection(conn):
            conn.resume()

            def on_end():
                srv.close()
                conn.end(BIG)

            conn.on("end", must_call(on_end))

        srv = net.create_server({"allow_half_open": True}, on_connection)

        def on_listening():
            t = threading.Thread(target=slow_reader, args=(srv.address()["port"],), daemon=True)
            t.start()
            threads.append(t)

        srv.listen(0, "127.0.0.1", on_listening)

    threads = []
    run(main, timeout=20)
    threads[0].join(10)
    assert got == [BIG]


# -- listen({'fd': n}) on something that cannot listen ------------------------------


def _listen_fd_error(fd: int, must_call) -> BaseException:
    errors = []

    def main():
        server = net.create_server(must_call.never())
        server.on("error", must_call(errors.append))
        server.listen({"fd": fd}, must_call.never())

    run(main, timeout=10)
    return errors[0]


def test_listen_on_a_descriptor_that_is_not_a_socket_fails_with_einval(must_call, tmp_path):
    # Node v20: 'error' with code EINVAL, syscall 'listen', no address.
    with open(tmp_path / "file", "w") as f:
        err = _listen_fd_error(f.fileno(), must_call)
    assert (err.code, err.syscall, err.address) == ("EINVAL", "listen", None)
    assert str(err) == "listen EINVAL: invalid argument"  # Node v20's words


def test_listen_on_a_datagram_socket_fails_with_einval(must_call):
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.bind(("127.0.0.1", 0))
        err = _listen_fd_error(udp.fileno(), must_call)
    assert (err.code, err.syscall, err.address) == ("EINVAL", "listen", None)


# -- destroy() from a 'drain' listener -------------------------------------------


class _LoopErrors(logging.Handler):
    """Errors the loop logs itself ('Exception in callback ...')."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.mark.parametrize("with_error", [False, True], ids=["destroy", "destroy-err"])
def test_destroy_in_drain_listener_closes_the_transport_once(with_error):
    # asyncio's socket transport calls connection_lost itself when resume_writing
    # returns with its buffer drained and a close pending; a close() made inside
    # the 'drain' listener used to schedule a second one, which raised in the loop.
    seen = {"close": 0, "errors": []}
    handler = _LoopErrors()
    logging.getLogger("asyncio").addHandler(handler)

    def main():
        server = net.create_server(lambda conn: conn.resume())

        def on_listening():
            conn = net.create_connection(server.address()["port"], "127.0.0.1")

            def on_drain():
                conn.destroy(Exception("stop") if with_error else None)
                server.close()

            def on_connect():
                chunk = b"x" * 65536
                while conn.write(chunk):
                    pass
                conn.once("drain", on_drain)

            conn.on("connect", on_connect)
            conn.on("error", lambda err: seen["errors"].append(str(err)))
            conn.on("close", lambda *_: seen.__setitem__("close", seen["close"] + 1))

        server.listen(0, "127.0.0.1", on_listening)

    try:
        run(main, timeout=30)
    finally:
        logging.getLogger("asyncio").removeHandler(handler)
    assert [r.getMessage() for r in handler.records] == []
    assert seen["close"] == 1
    assert seen["errors"] == (["stop"] if with_error else [])
