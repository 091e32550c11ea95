# Port of Node v20 test/parallel/test-http-request-arguments.js.
# Deviations: hostname is 127.0.0.1 rather than localhost (the server binds
# IPv4 loopback only).
from nodekit import http


def test_options_override_the_url(common):
    def main():
        def handler(req, res):
            assert req.url == "/testpath"
            res.end()
            server.close()

        server = http.create_server(common.must_call(handler))

        def go(port):
            http.get("http://example.com/testpath", {"hostname": common.HOST, "port": port},
                     common.must_call(lambda res: res.resume()))

        common.listen(server, go)

    common.run(main)
