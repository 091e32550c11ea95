# Port of Node v20 test/parallel/test-http-outgoing-finish.js.
# Deviations: none; on both the request and the response, write until
# write() returns False, then end(): the end callback and 'finish' both run
# and each sees the other by the next tick.
from nodekit import http, next_tick
from tests.node._common import at

BUF = b"x" * (1024 * 16)


def _write(common, out):
    name = type(out).__name__
    seen = {"finish": False, "end_cb": False}
    while out.write(BUF, common.must_succeed()):
        pass

    def on_finish():
        seen["finish"] = True
        next_tick(lambda: _check(seen["end_cb"], f"{name} got finish event before endcb!"))

    def on_end(*_):
        seen["end_cb"] = True
        next_tick(lambda: _check(seen["finish"], f"{name} got endCb event before finishEvent!"))

    out.on("finish", common.must_call(on_finish))
    out.end(BUF, common.must_call(on_end))


def _check(cond, msg):
    assert cond, msg


def test_end_callback_and_finish_on_request_and_response(common):
    def main():
        def handler(req, res):
            req.resume()
            req.on("end", lambda: _write(common, res))
            server.close()

        server = http.create_server(handler)

        def go(port):
            req = http.request(at(port, method="PUT"))
            _write(common, req)
            req.on("response", lambda res: res.resume())

        common.listen(server, go)

    common.run(main)
