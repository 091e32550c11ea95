# Port of Node v20 test/parallel/test-http-outgoing-finish-writable.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_writable_stays_true_after_end(common):
    def main():
        def handler(req, res):
            assert res.writable is True
            assert res.finished is False
            assert res.writable_ended is False
            res.end()
            assert res.writable is True
            assert res.finished is True
            assert res.writable_ended is True
            server.close()

        server = http.create_server(common.must_call(handler))

        def go(port):
            client_request = http.request(at(port, method="GET", path="/"),
                                          lambda res: res.resume())
            assert client_request.writable is True
            client_request.end()
            assert client_request.writable is True

        common.listen(server, go)

    common.run(main)
