# Port of Node v20 test/parallel/test-http-client-default-headers-exist.js.
# Deviations: Promise.all over events.once is a countdown of 'response's.
from nodekit import http
from tests.node._common import at

EXPECTED = {
    "DELETE": ["host", "connection"],
    "GET": ["host", "connection"],
    "HEAD": ["host", "connection"],
    "OPTIONS": ["host", "connection"],
    "POST": ["host", "connection", "content-length"],
    "PUT": ["host", "connection", "content-length"],
    "TRACE": ["host", "connection"],
}


def test_only_the_default_headers_are_sent(common):
    def main():
        def handler(req, res):
            res.end()
            assert req.method in EXPECTED, f"{req.method} was an unexpected method"
            names = list(req.headers)
            for name in names:
                assert name.lower() in EXPECTED[req.method], \
                    f"{name} should not exist for method {req.method}"
            assert len(names) == len(EXPECTED[req.method]), \
                f"some headers were missing for method: {req.method}"

        server = http.create_server(common.must_call(handler, len(EXPECTED)))
        left = [len(EXPECTED)]

        def on_response(res):
            res.resume()
            left[0] -= 1
            if left[0] == 0:
                server.close()

        def go(port):
            for method in EXPECTED:
                http.request(at(port, method=method)).end().on("response", on_response)

        common.listen(server, go)

    common.run(main)
