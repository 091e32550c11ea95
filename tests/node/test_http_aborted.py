# Port of Node v20 test/parallel/test-http-aborted.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at


def test_abort_mid_response_errors_both_sides_with_aborted(common):
    _abort_mid_response(common, error_listeners=True)


def test_abort_mid_response_without_error_listeners(common):
    _abort_mid_response(common, error_listeners=False)


def _abort_mid_response(common, error_listeners):
    """Node's two blocks: the client aborts once the response began; both
    sides see 'aborted', and with ``error_listeners`` an ECONNRESET 'aborted'
    error (the server closes at its request's 'error', else at 'aborted')."""
    def main():
        def handler(req, res):
            def on_aborted():
                assert req.aborted is True
                if not error_listeners:
                    server.close()

            def on_error(err):
                assert err.code == "ECONNRESET"
                assert str(err) == "aborted"
                server.close()

            req.on("aborted", common.must_call(on_aborted))
            if error_listeners:
                req.on("error", common.must_call(on_error))
            assert req.aborted is False
            res.write("hello")

        server = http.create_server(common.must_call(handler))

        def go(port):
            def on_response(res):
                res.on("aborted", common.must_call(lambda: _true(res.aborted)))
                if error_listeners:
                    res.on("error", common.expects_error(code="ECONNRESET", message="aborted"))
                req.abort()

            req = http.get(at(port, headers={"connection": "keep-alive"}),
                           common.must_call(on_response))

        common.listen(server, go)

    common.run(main, timeout=2)


def _true(v):
    assert v is True
