# Port of Node v20 test/parallel/test-http-host-header-ipv6-fail.js.
# Deviations: the Host header 'foo:1234:80' of the first case is malformed,
# which NodeKit's server answers 400 (README: stricter Host rules); the
# port checks the Host header each request carries on the wire through the
# client (req.get_header('host')) and serves the second case, '[::1]:80'.
from nodekit import http, net


def test_host_header_brackets_ipv6_and_keeps_odd_hosts(common):
    requests = [
        {"host": "foo:1234", "expected": "foo:1234:80"},
        {"host": "::1", "expected": "[::1]:80"},
    ]

    def main():
        def handler(req, res):
            assert req.headers["host"] == "[::1]:80"
            res.end()
            server.close()

        server = http.create_server(common.must_call(handler))

        def go(port):
            def create_connection(options, *rest):
                return net.create_connection(port, common.HOST)

            for r in requests:
                req = http.get({"host": r["host"],
                                "create_connection": common.must_call(create_connection)})
                assert req.get_header("host") == r["expected"]
                req.on("error", lambda err: None)
                req.on("response", lambda res: res.resume())

        common.listen(server, go)

    common.run(main)
