# Port of Node v20 test/parallel/test-stream-destroy-event-order.js.
# Deviations: none beyond Python spelling.
from nodekit.stream import Readable


def test_error_comes_before_close(common):
    def main():
        rs = Readable(read=lambda size: None)
        state = {"closed": False, "errored": False}

        def on_close():
            state["closed"] = True
            assert state["errored"]

        def on_error(err):
            state["errored"] = True
            assert not state["closed"]

        rs.on("close", common.must_call(on_close))
        rs.on("error", common.must_call(on_error))
        rs.destroy(Exception("kaboom"))

    common.run(main)
