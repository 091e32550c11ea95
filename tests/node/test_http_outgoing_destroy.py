# Port of Node v20 test/parallel/test-http-outgoing-destroy.js.
# Deviations: none.
from nodekit import http


def test_write_after_destroy_calls_back_with_stream_destroyed(common):
    def main():
        msg = http.OutgoingMessage()
        assert msg.destroyed is False
        msg.destroy()
        assert msg.destroyed is True

        def on_write(err):
            assert err.code == "ERR_STREAM_DESTROYED"

        msg.write("asd", common.must_call(on_write))
        msg.on("error", common.must_not_call())

    common.run(main)
