# Port of Node v20 test/parallel/test-stream-readableListening-state.js.
# Deviations: `_readableState.readableListening` is `_readable_state.readable_listening`.
from nodekit.stream import Readable


def test_readable_listening_state(common):
    def main():
        r = Readable(read=lambda size: None)
        # readable_listening starts as False.
        assert r._readable_state.readable_listening is False

        def on_readable():
            # Inside the 'readable' event it is True.
            assert r._readable_state.readable_listening is True

        r.on("readable", common.must_call(on_readable))
        r.push(b"Testing readableListening state")

        r2 = Readable(read=lambda size: None)
        assert r2._readable_state.readable_listening is False

        def on_data(chunk):
            # False: there is no 'readable' listener.
            assert r2._readable_state.readable_listening is False

        r2.on("data", common.must_call(on_data))
        r2.push(b"Testing readableListening state")

    common.run(main)
