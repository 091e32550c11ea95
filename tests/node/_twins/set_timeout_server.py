"""test-http(s)-set-timeout-server.js: the seven scenarios, for either twin."""

from __future__ import annotations

from typing import Any

from nodekit import http
from tests.node._twins import Twin


def _listen(common: Any, server: Any, fn: Any) -> None:
    server.listen(0, common.HOST, common.must_call(lambda: fn(server.address()["port"])))


def _connect(common: Any, twin: Twin, port: int, on_connect: Any) -> Any:
    return twin.connect({"port": port, "host": common.HOST, "allow_half_open": True},
                        on_connect)


def server_timeout(common: Any, twin: Twin) -> None:
    def main():
        server = twin.create_server()

        def go(port):
            def on_timeout(socket):
                socket.destroy()
                server.close()

            s = server.set_timeout(50, common.must_call(on_timeout))
            assert isinstance(s, twin.Server)
            twin.get(twin.at(port)).on("error", common.must_call())

        _listen(common, server, go)

    common.run(main)


def server_request_timeout(common: Any, twin: Twin) -> None:
    def main():
        def handler(req, res):
            def on_timeout(socket):
                socket.destroy()
                server.close()

            s = req.set_timeout(50, common.must_call(on_timeout))
            assert isinstance(s, http.IncomingMessage)

        server = twin.create_server(common.must_call(handler))

        def go(port):
            req = twin.request(twin.at(port, method="POST"))
            req.on("error", common.must_call())
            req.write("Hello")

        _listen(common, server, go)

    common.run(main)


def server_response_timeout(common: Any, twin: Twin) -> None:
    def main():
        def handler(req, res):
            def on_timeout(socket):
                socket.destroy()
                server.close()

            s = res.set_timeout(50, common.must_call(on_timeout))
            assert isinstance(s, http.OutgoingMessage)

        server = twin.create_server(common.must_call(handler))
        _listen(common, server,
                lambda port: twin.get(twin.at(port)).on("error", common.must_call()))

    common.run(main)


def server_request_not_timeout_after_end(common: Any, twin: Twin) -> None:
    def main():
        def handler(req, res):
            s = req.set_timeout(50, common.must_not_call("req timeout"))
            assert isinstance(s, http.IncomingMessage)
            res.on("timeout", common.must_call())

        server = twin.create_server(common.must_call(handler))

        def on_timeout(socket):
            socket.destroy()
            server.close()

        server.on("timeout", common.must_call(on_timeout))
        _listen(common, server,
                lambda port: twin.get(twin.at(port)).on("error", common.must_call()))

    common.run(main)


def server_response_timeout_with_pipeline(common: Any, twin: Twin) -> None:
    state = {"caught": "", "sec_received": False}

    def main():
        def handler(req, res):
            if req.url == "/2":
                state["sec_received"] = True
            if req.url == "/1":
                res.end()
                return

            def on_res_timeout(*_):
                state["caught"] += req.url

            s = res.set_timeout(50, on_res_timeout)
            assert isinstance(s, http.OutgoingMessage)

        server = twin.create_server(handler)

        def on_timeout(socket):
            if state["sec_received"]:
                socket.destroy()
                server.close()

        server.on("timeout", common.must_call(on_timeout))

        def go(port):
            def on_connect():
                c.write("GET /1 HTTP/1.1\r\nHost: localhost\r\n\r\n")
                c.write("GET /2 HTTP/1.1\r\nHost: localhost\r\n\r\n")
                c.write("GET /3 HTTP/1.1\r\nHost: localhost\r\n\r\n")

            c = _connect(common, twin, port, on_connect)

        _listen(common, server, go)

    common.run(main)
    assert state["caught"] == "/2"


def idle_timeout(common: Any, twin: Twin) -> None:
    def main():
        server = twin.create_server()

        def on_timeout(socket):
            socket.destroy()
            server.close()

        s = server.set_timeout(50, common.must_call(on_timeout))
        assert isinstance(s, twin.Server)

        def go(port):
            def on_error(e):
                if str(e) != "read ECONNRESET":
                    raise e

            def on_connect():
                c.on("error", on_error)
                c.write("GET /1 HTTP/1.1\r\nHost: localhost\r\n\r\n")

            c = _connect(common, twin, port, on_connect)

        _listen(common, server, go)

    common.run(main)


def fast_timeout(common: Any, twin: Twin) -> None:
    def main():
        state = {"connection": False, "timeout": False, "socket": None}

        def invoke_callback_if_done():
            if state["connection"] and state["timeout"]:
                state["socket"].destroy()
                server.close()

        def handler(req, res):
            req.on("timeout", common.must_not_call("req timeout"))
            res.end()
            state["connection"] = True
            invoke_callback_if_done()

        server = twin.create_server(common.must_call(handler))

        def on_timeout(socket):
            state["socket"] = socket
            state["timeout"] = True
            invoke_callback_if_done()

        s = server.set_timeout(1, common.must_call(on_timeout))
        assert isinstance(s, twin.Server)

        def go(port):
            def on_connect():
                c.write("GET /1 HTTP/1.1\r\nHost: localhost\r\n\r\n")

            c = _connect(common, twin, port, on_connect)

        _listen(common, server, go)

    common.run(main)
