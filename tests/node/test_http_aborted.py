# Port of Node v20 test/parallel/test-http-aborted.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_abort_mid_response_errors_both_sides_with_aborted(common):
    def main():
        def handler(req, res):
            def on_aborted():
                assert req.aborted is True

            def on_error(err):
                assert err.code == "ECONNRESET"
                assert str(err) == "aborted"
                server.close()

            req.on("aborted", common.must_call(on_aborted))
            req.on("error", common.must_call(on_error))
            assert req.aborted is False
            res.write("hello")

        server = http.create_server(common.must_call(handler))

        def go(port):
            def on_response(res):
                res.on("aborted", common.must_call(lambda: _true(res.aborted)))
                res.on("error", common.expects_error(code="ECONNRESET", message="aborted"))
                req.abort()

            req = http.get(at(port, headers={"connection": "keep-alive"}),
                           common.must_call(on_response))

        common.listen(server, go)

    common.run(main, timeout=2)


def test_abort_mid_response_without_error_listeners(common):
    def main():
        def handler(req, res):
            def on_aborted():
                assert req.aborted is True
                server.close()

            req.on("aborted", common.must_call(on_aborted))
            assert req.aborted is False
            res.write("hello")

        server = http.create_server(common.must_call(handler))

        def go(port):
            def on_response(res):
                res.on("aborted", common.must_call(lambda: _true(res.aborted)))
                req.abort()

            req = http.get(at(port, headers={"connection": "keep-alive"}),
                           common.must_call(on_response))

        common.listen(server, go)

    common.run(main, timeout=2)


def _true(v):
    assert v is True
