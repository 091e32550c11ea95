# Port of Node v20 test/parallel/test-http-client-check-http-token.js.
# Deviations: JS undefined/null are None; Symbol() is object(); the message
# is checked up to Node's "Received ..." tail (JS type names).
from nodekit import http
from tests.node._common import at, raises

SUCCESSES = [None, "GET", "post"]
FAILS = [-1, 1, 0, {}, True, False, [], object()]


def test_method_must_be_a_string(common):
    def main():
        left = [len(SUCCESSES)]

        def handler(req, res):
            res.end()
            left[0] -= 1
            if left[0] == 0:
                server.close()

        server = http.create_server(common.must_call(handler, len(SUCCESSES)))

        def go(port):
            for method in FAILS:
                raises(lambda method=method: http.request({"method": method, "path": "/"},
                                                          common.must_not_call()),
                       code="ERR_INVALID_ARG_TYPE", cls=TypeError,
                       message='The "options.method" property must be of type string.')
            for method in SUCCESSES:
                http.request(at(port, method=method), lambda res: res.resume()).end()

        common.listen(server, go)

    common.run(main)
