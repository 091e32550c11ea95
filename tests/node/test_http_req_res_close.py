# Port of Node v20 test/parallel/test-http-req-res-close.js.
# Deviations: Node's req._readableState.ended (the body's end was pushed) is
# req.readable_ended ('end' was emitted; at 'close' the two agree). The three
# blocks are three tests.
import pytest

from nodekit import http, set_timeout
from tests.node._common import at


def _serve(common, handler):
    def main():
        server = http.Server(common.must_call(lambda req, res: handler(req, res, server)))
        common.listen(server, lambda port: http.get(at(port), common.must_call(
            lambda res: res.resume())))

    common.run(main)


@pytest.mark.parametrize("delay,consume", [(None, False), (100, False), (100, True)],
                         ids=["end-at-once", "end-later", "consumed-end-later"])
def test_req_and_res_close_in_order(common, delay, consume):
    # Without a 'data' listener res closes first; a consumed req closes first.
    def handler(req, res, server):
        state = {"res_closed": False, "req_closed": False, "res_finished": False}
        if delay is None:
            res.end()
        else:
            set_timeout(lambda: res.end(), delay)
        if consume:
            req.on("data", lambda chunk: None)

        def on_finish():
            state["res_finished"] = True
            assert state["res_closed"] is False
            assert res.destroyed is False

        res.on("finish", common.must_call(on_finish))
        assert req.destroyed is False

        def on_res_close():
            state["res_closed"] = True
            assert state["res_finished"] is True
            assert state["req_closed"] is consume
            assert res.destroyed is True

        res.on("close", common.must_call(on_res_close))
        assert req.destroyed is False
        req.on("end", common.must_call(lambda: _is(req.destroyed, False)))

        def on_req_close():
            state["req_closed"] = True
            assert state["res_closed"] is not consume
            assert req.destroyed is True
            assert req.readable_ended is True

        req.on("close", common.must_call(on_req_close))
        res.socket.on("close", lambda *_: server.close())

    _serve(common, handler)


def _is(value, expected):
    assert value is expected
