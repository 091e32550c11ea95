# Port of Node v20 test/parallel/test-http-outgoing-destroyed.js.
# Deviations: none.
from nodekit import http, next_tick
from tests.node._common import at


def _echo_until_close(common, req, res, server, then=None):
    """Both blocks' handler: ``res`` not closed yet, ``req`` piped into it, no
    'error'; at 'close' it is closed, ``then()`` runs and the server closes
    on the next tick."""
    assert res.closed is False
    req.pipe(res)
    res.on("error", common.must_not_call())

    def closed():
        assert res.closed is True
        if then is not None:
            then()
        next_tick(lambda: server.close())

    res.on("close", common.must_call(closed))


def test_end_after_close_does_not_emit_error(common):
    def main():
        def handler(req, res):
            _echo_until_close(common, req, res, server, then=lambda: res.end("asd"))

        server = http.create_server(common.must_call(handler))

        def go(port):
            req = http.request(at(port, method="PUT"))
            req.on("response", lambda res: res.destroy())
            req.on("error", lambda err: None)
            req.write("asd")

        common.listen(server, go)

    common.run(main)


def test_destroy_with_error_sets_errored_without_error_event(common):
    def main():
        def handler(req, res):
            _echo_until_close(common, req, res, server)
            err = Exception("Destroy test")
            res.destroy(err)
            assert res.errored is err

        server = http.create_server(common.must_call(handler))

        def go(port):
            http.request(at(port, method="PUT")).on("error", common.must_call()).write("asd")

        common.listen(server, go)

    common.run(main)
