# Port of Node v20 test/parallel/test-https-host-headers.js.
# Deviations: Node's listen callback gets no error argument (its
# assert.ifError(err) is left out) and its debuglog lines are left out. The
# agent1 certificate is made at run time (tests/node/_tls.py). The three
# requests without a Host header (set_host False, 0, None) are answered 400
# by the server (an HTTP/1.1 request needs one) without reaching the
# handler: 6 handler calls, 9 responses, as in Node.
from nodekit import https
from tests.node._tls import agent1_options


def test_every_method_sends_host_with_the_port(common):
    def main():
        def handler(req, res):
            port = server.address()["port"]
            if req.url.startswith("/setHostFalse"):
                assert "host" not in req.headers
            else:
                assert req.headers["host"] == f"localhost:{port}", (
                    f"Wrong host header for req[{req.url}]: {req.headers.get('host')}")
            res.write_head(200, {})
            res.end("ok")

        server = https.create_server(agent1_options(), common.must_call(handler, 6))
        counter = [0]

        def on_response(res):
            counter[0] -= 1
            if counter[0] == 0:
                server.close()
            res.resume()

        cb = common.must_call(on_response, 9)

        def options(method, prefix="/", **extra):
            path = f"{prefix}{counter[0]}"
            counter[0] += 1
            return {"method": method, "path": path, "host": "localhost",
                    "port": server.address()["port"], "reject_unauthorized": False, **extra}

        def go():
            https.get(options("GET"), cb).on("error", common.must_not_call())
            for method in ("GET", "POST", "PUT", "DELETE"):
                https.request(options(method), cb).on("error", common.must_not_call()).end()
            https.get(options("GET", "/setHostFalse", set_host=False), cb).on(
                "error", common.must_not_call())
            https.request(options("GET", set_host=True), cb).on(
                "error", common.must_not_call()).end()
            for value in (0, None):
                https.get(options("GET", "/setHostFalse", set_host=value), cb).on(
                    "error", common.must_not_call())

        server.listen(0, go)

    common.run(main)
