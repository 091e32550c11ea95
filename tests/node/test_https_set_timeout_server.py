# Port of Node v20 test/parallel/test-https-set-timeout-server.js.
# Deviations: the seven tests Node runs one after another are seven pytest
# tests; Node's tls.connect option allowHalfOpen is allow_half_open; the
# process 'exit' check of serverResponseTimeoutWithPipeline runs after the
# loop went idle; the clients connect to 127.0.0.1 (Node: localhost). The
# agent1 certificate is made at run time (tests/node/_tls.py).
from nodekit import http, https, tls
from tests.node._common import at
from tests.node._tls import agent1_options


def _get(port):
    return https.get(at(port, reject_unauthorized=False))


def _connect(common, port, on_connect):
    return tls.connect({"port": port, "host": common.HOST, "allow_half_open": True,
                        "reject_unauthorized": False}, on_connect)


def _listen(common, server, fn):
    server.listen(0, common.HOST, common.must_call(lambda: fn(server.address()["port"])))


def test_server_timeout(common):
    def main():
        server = https.create_server(agent1_options())

        def go(port):
            def on_timeout(socket):
                socket.destroy()
                server.close()

            s = server.set_timeout(50, common.must_call(on_timeout))
            assert isinstance(s, https.Server)
            _get(port).on("error", common.must_call())

        _listen(common, server, go)

    common.run(main)


def test_server_request_timeout(common):
    def main():
        def handler(req, res):
            def on_timeout(socket):
                socket.destroy()
                server.close()

            s = req.set_timeout(50, common.must_call(on_timeout))
            assert isinstance(s, http.IncomingMessage)

        server = https.create_server(agent1_options(), common.must_call(handler))

        def go(port):
            req = https.request(at(port, method="POST", reject_unauthorized=False))
            req.on("error", common.must_call())
            req.write("Hello")

        _listen(common, server, go)

    common.run(main)


def test_server_response_timeout(common):
    def main():
        def handler(req, res):
            def on_timeout(socket):
                socket.destroy()
                server.close()

            s = res.set_timeout(50, common.must_call(on_timeout))
            assert isinstance(s, http.OutgoingMessage)

        server = https.create_server(agent1_options(), common.must_call(handler))
        _listen(common, server, lambda port: _get(port).on("error", common.must_call()))

    common.run(main)


def test_server_request_not_timeout_after_end(common):
    def main():
        def handler(req, res):
            s = req.set_timeout(50, common.must_not_call("req timeout"))
            assert isinstance(s, http.IncomingMessage)
            res.on("timeout", common.must_call())

        server = https.create_server(agent1_options(), common.must_call(handler))

        def on_timeout(socket):
            socket.destroy()
            server.close()

        server.on("timeout", common.must_call(on_timeout))
        _listen(common, server, lambda port: _get(port).on("error", common.must_call()))

    common.run(main)


def test_server_response_timeout_with_pipeline(common):
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

        server = https.create_server(agent1_options(), handler)

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

            c = _connect(common, port, on_connect)

        _listen(common, server, go)

    common.run(main)
    assert state["caught"] == "/2"


def test_idle_timeout(common):
    def main():
        server = https.create_server(agent1_options())

        def on_timeout(socket):
            socket.destroy()
            server.close()

        s = server.set_timeout(50, common.must_call(on_timeout))
        assert isinstance(s, https.Server)

        def go(port):
            def on_error(e):
                if str(e) != "read ECONNRESET":
                    raise e

            def on_connect():
                c.on("error", on_error)
                c.write("GET /1 HTTP/1.1\r\nHost: localhost\r\n\r\n")

            c = _connect(common, port, on_connect)

        _listen(common, server, go)

    common.run(main)


def test_fast_timeout(common):
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

        server = https.create_server(agent1_options(), common.must_call(handler))

        def on_timeout(socket):
            state["socket"] = socket
            state["timeout"] = True
            invoke_callback_if_done()

        s = server.set_timeout(1, common.must_call(on_timeout))
        assert isinstance(s, https.Server)

        def go(port):
            def on_connect():
                c.write("GET /1 HTTP/1.1\r\nHost: localhost\r\n\r\n")

            c = _connect(common, port, on_connect)

        _listen(common, server, go)

    common.run(main)
