# Port of Node v20 test/parallel/test-stream-writable-clear-buffer.js.
# Deviations: `_writableState.bufferedRequestCount` / `getBuffer()` are
# `_writable_state.buffered_request_count` / `get_buffer()`.
from nodekit import set_immediate
from nodekit.stream import Writable


class StreamWritable(Writable):
    def __init__(self):
        super().__init__(object_mode=True)

    def _write(self, chunk, encoding, cb):
        # A timer, as on the original issue thread (nodejs/node#6758).
        set_immediate(cb)


def test_buffered_request_count_matches_buffer(common):
    def main():
        test_stream = StreamWritable()
        test_stream.cork()

        def check(*_args):
            state = test_stream._writable_state
            assert state.buffered_request_count == len(state.get_buffer())

        for i in range(1, 6):
            test_stream.write(i, common.must_call(check))
        test_stream.end()

    common.run(main)
