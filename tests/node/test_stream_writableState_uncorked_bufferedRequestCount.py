# Port of Node v20 test/parallel/test-stream-writableState-uncorked-bufferedRequestCount.js.
# Deviations: `_writableState.corked` / `bufferedRequestCount` are
# `_writable_state.corked` / `buffered_request_count`.
from nodekit import next_tick
from nodekit.stream import Writable


def test_cork_uncork_and_buffered_request_count(common):
    def main():
        writable = Writable()
        state = writable._writable_state

        def writev(chunks, cb):
            assert len(chunks) == 2
            cb()

        writable._writev = common.must_call(writev)
        writable._write = common.must_call(lambda chunk, encoding, cb: cb())
        writable.cork()  # first cork
        assert state.corked == 1
        assert state.buffered_request_count == 0
        writable.cork()  # cork again
        assert state.corked == 2
        writable.write("first chunk")  # buffered
        assert state.buffered_request_count == 1
        writable.uncork()  # the first uncork does nothing
        assert state.corked == 1
        assert state.buffered_request_count == 1

        def uncork():
            writable.uncork()  # the second uncork flushes the buffer
            assert state.corked == 0
            assert state.buffered_request_count == 0
            # end() uncorks as well.
            writable.cork()
            writable.write("third chunk")
            writable.end()
            assert state.corked == 0
            assert state.buffered_request_count == 0

        next_tick(uncork)
        # The second chunk is buffered: the uncork comes at the end of the tick.
        writable.write("second chunk")
        assert state.corked == 1
        assert state.buffered_request_count == 2

    common.run(main)
