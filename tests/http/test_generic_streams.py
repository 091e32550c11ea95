"""HTTP over any Duplex, and an OutgoingMessage over any Writable (issue 16): the
bytes the server and the client write to a plain ``stream.Duplex`` are the ones
they would write to a socket, back-pressure included; the application sees its
own stream as ``req.socket``. Node's ports: tests/node/test_http_generic_streams.py.
"""

from __future__ import annotations

from typing import Any

from nodekit import http, net, next_tick, stream
from tests.conftest import run
from tests.wire import mask_date


class Recording(stream.Duplex):
    """A Duplex that records what is written to it (``hwm``: its Writable's
    high-water mark; each write completes a tick later) and is fed with ``feed``."""

    def __init__(self, hwm: int = 16384) -> None:
        super().__init__({"writable_high_water_mark": hwm})
        self.written: list[bytes] = []

    def _read(self, size: int) -> None:
        pass

    def _write(self, chunk: Any, encoding: str, callback: Any) -> None:
        self.written.append(bytes(chunk))
        next_tick(callback)

    def feed(self, data: bytes) -> None:
        self.push(data)


def test_a_server_answers_over_a_duplex_handed_in_as_a_connection() -> None:
    seen: dict[str, Any] = {}
    duplex = Recording()

    def main() -> None:
        def handler(req: Any, res: Any) -> None:
            seen["socket"] = req.socket
            req.on("data", lambda chunk: seen.setdefault("body", bytes(chunk)))
            req.on("end", lambda: res.end("ok"))

        server = http.create_server(handler)
        server.emit("connection", duplex)
        duplex.feed(b"POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabc")

    run(main, timeout=5)
    assert seen["socket"] is duplex and seen["body"] == b"abc"
    assert mask_date(b"".join(duplex.written)) == mask_date(
        b"HTTP/1.1 200 OK\r\nDate: X\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n"
        b"Content-Length: 2\r\n\r\nok")


def test_a_response_waits_for_the_duplexs_drain() -> None:
    events: list[str] = []
    duplex = Recording(hwm=4)

    def main() -> None:
        def handler(req: Any, res: Any) -> None:
            ok = res.write("x" * 10)
            events.append(f"write {ok}")
            res.on("drain", lambda: (events.append("drain"), res.end()))
            res.on("finish", lambda: events.append("finish"))

        server = http.create_server(handler)
        server.emit("connection", duplex)
        duplex.feed(b"GET / HTTP/1.1\r\nHost: h\r\n\r\n")

    run(main, timeout=5)
    assert events == ["write False", "drain", "finish"]
    assert b"".join(duplex.written).endswith(b"\r\n\r\na\r\nxxxxxxxxxx\r\n0\r\n\r\n")


def test_a_client_requests_over_the_duplex_create_connection_returns() -> None:
    seen: dict[str, Any] = {}
    duplex = Recording()
    before = set(vars(duplex))

    def main() -> None:
        def on_response(res: Any) -> None:
            seen["status"] = res.status_code
            res.on("data", lambda chunk: seen.setdefault("body", bytes(chunk)))
            res.on("end", lambda: seen.setdefault("end", True))

        req = http.request({"host": "h", "path": "/p", "create_connection": lambda *a: duplex},
                           on_response)
        req.on("socket", lambda sock: seen.setdefault("socket", sock))
        req.end()
        duplex.feed(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nhi")

    run(main, timeout=5)
    assert seen == {"socket": duplex, "status": 200, "body": b"hi", "end": True}
    # (No agent: no default port to leave out of Host, as in Node.)
    assert b"".join(duplex.written) == (b"GET /p HTTP/1.1\r\nHost: h:80\r\n"
                                       b"Connection: close\r\n\r\n")
    assert duplex.writable_ended  # (Node ends a stream that has no destroySoon)
    assert set(vars(duplex)) == before  # NodeKit set nothing on the application's object


def test_an_outgoing_message_writes_through_a_plain_writable() -> None:
    written: list[bytes] = []
    events: list[str] = []

    class Message(http.OutgoingMessage):
        def _implicit_header(self) -> None:
            pass  # no head: the body alone (Node's test-http-outgoing-message-inheritance)

    def main() -> None:
        ws = stream.Writable(write=lambda chunk, enc, cb: (written.append(bytes(chunk)), cb()))
        msg = Message()
        msg.socket = ws
        ws._http_message = msg
        msg.on("finish", lambda: events.append("finish"))
        msg.end("body")

    run(main, timeout=5)
    assert written == [b"body", b""]  # end()'s empty write too, as Node v20
    assert events == ["finish"]


def test_consumable_leaves_a_socket_as_it_is() -> None:
    sock = net.Socket()
    assert net.consumable(sock) is sock and "_write_raw" not in vars(sock)


def test_consumable_gives_another_stream_one_adapter_and_leaves_it_as_it_is() -> None:
    def main() -> None:
        duplex = Recording()
        before = set(vars(duplex))
        io = net.consumable(duplex)
        assert isinstance(io, net.StreamAdapter) and io.stream is duplex
        assert net.consumable(duplex) is io and net.consumable(io) is io
        assert set(vars(duplex)) == before

    run(main, timeout=5)


def _own_attributes(obj: Any) -> set[str]:
    return set(vars(obj))


def test_a_server_sets_no_attribute_on_the_duplex_it_is_handed() -> None:
    duplex = Recording()
    before = _own_attributes(duplex)
    seen: dict[str, Any] = {}

    def main() -> None:
        def handler(req: Any, res: Any) -> None:
            seen["socket"] = req.socket
            res.end("ok")

        server = http.create_server(handler)
        server.emit("connection", duplex)
        duplex.feed(b"GET / HTTP/1.1\r\nHost: h\r\n\r\n")

    run(main, timeout=5)
    assert seen["socket"] is duplex
    assert b"".join(duplex.written).endswith(b"\r\n\r\nok")
    # Node's connectionListener replaces the socket's setEncoding (it refuses
    # one on any stream); nothing else of NodeKit's is set on the application's object.
    assert _own_attributes(duplex) - before == {"set_encoding"}


class Timed(Recording):
    """A Recording Duplex with Node's ``setTimeout``: the periods it is given."""

    def __init__(self) -> None:
        super().__init__()
        self.timeouts: list[float] = []

    def set_timeout(self, msecs: float, callback: Any = None) -> Timed:
        self.timeouts.append(msecs)
        return self


def test_keep_alive_over_a_duplex_switches_its_timeout_through_set_timeout() -> None:
    # The server's connection calls a Socket's timer hooks as C methods; a Duplex
    # handed in keeps getting them through its own set_timeout: the server's
    # period at the connection, the keep-alive period after a response, the
    # server's again as the next request begins.
    duplex = Timed()
    bodies: list[bytes] = []
    periods: list[float] = []

    def main() -> None:
        def handler(req: Any, res: Any) -> None:
            res.on("finish", lambda: bodies.append(req.url.encode()))
            if req.url == "/1":
                res.on("finish", lambda: next_tick(
                    duplex.feed, b"GET /2 HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n"))
            res.end(req.url[1:])

        server = http.create_server(handler)
        periods.extend((server.timeout, server.keep_alive_timeout))
        server.emit("connection", duplex)
        duplex.feed(b"GET /1 HTTP/1.1\r\nHost: h\r\n\r\n")

    run(main, timeout=5)
    assert bodies == [b"/1", b"/2"]
    wire = b"".join(duplex.written)
    assert wire.count(b"HTTP/1.1 200 OK") == 2 and wire.endswith(b"\r\n\r\n2")
    server_timeout, keep_alive = periods
    assert server_timeout and keep_alive  # (the defaults: 120000 and 5000)
    assert duplex.timeouts == [server_timeout, keep_alive, server_timeout]
