# Port of Node v20 test/parallel/test-http-host-headers.js.
# Deviations: none (Node's listen callback gets no error argument: its
# assert.ifError(er) is left out).
from nodekit import http


def test_every_method_sends_host_with_the_port(common):
    def main():
        def handler(req, res):
            port = server.address()["port"]
            if req.url == "/setHostFalse5":
                assert "host" not in req.headers
            else:
                assert req.headers["host"] == f"localhost:{port}", (
                    f"Wrong host header for req[{req.url}]: {req.headers.get('host')}")
            res.write_head(200, {})
            res.end("ok")

        server = http.create_server(handler)
        counter = [0]

        def cb(res):
            counter[0] -= 1
            if counter[0] == 0:
                server.close()
            res.resume()

        def options(method):
            path = f"/{counter[0]}"
            counter[0] += 1
            return {"method": method, "path": path, "host": "localhost",
                    "port": server.address()["port"], "reject_unauthorized": False}

        def go():
            http.get(options("GET"), cb).on("error", common.must_not_call())
            for method in ("GET", "POST", "PUT", "DELETE"):
                http.request(options(method), cb).on("error", common.must_not_call()).end()

        server.listen(0, go)

    common.run(main)
