# Port of Node v20 test/parallel/test-stream-readable-reading-readingMore.js.
# Deviations: `_readableState.reading` / `readingMore` are
# `_readable_state.reading` / `reading_more`.
from nodekit import next_tick
from nodekit.stream import Readable


def _stream_end_check(state):
    def on_stream_end(*_args):
        assert state.reading_more is False
        assert state.reading is False

    return on_stream_end


def _idle_readable():
    """A readable that reads nothing by itself: not reading, nor reading more."""
    readable = Readable(read=lambda size: None)
    state = readable._readable_state
    assert state.reading is False
    assert state.reading_more is False
    return readable, state


def _data_check(readable, state):
    def on_data(data):
        if readable.readable_flowing:
            assert state.reading_more is True
        assert state.reading is (not state.ended)

    return on_data


def test_reading_more_with_readable_listener(common):
    def main():
        readable, state = _idle_readable()

        readable.on("data", common.must_call(_data_check(readable, state), n=2))
        on_stream_end = _stream_end_check(state)
        expected_reading_more = [True, True, False]

        def on_readable():
            assert state.reading_more is expected_reading_more.pop(0)
            assert state.ended is (not state.reading)
            while readable.read() is not None:
                pass
            if not expected_reading_more:  # reached the end of the stream
                next_tick(common.must_call(on_stream_end))

        readable.on("readable", common.must_call(on_readable, n=3))
        readable.on("end", common.must_call(on_stream_end))
        readable.push("pushed")
        readable.read(6)
        # reading: the buffer is below the high-water mark.
        assert state.reading is True
        assert state.reading_more is True
        readable.unshift("unshifted")  # unshift does not reset reading
        readable.push(None)

    common.run(main)


def test_reading_more_while_pausing_and_resuming(common):
    def main():
        readable, state = _idle_readable()

        readable.on("data", common.must_call(_data_check(readable, state), n=2))
        readable.on("end", common.must_call(_stream_end_check(state)))
        readable.push("pushed")
        assert state.flowing is True
        readable.pause()
        assert state.reading is False
        assert state.flowing is False
        readable.resume()
        assert state.reading is False
        assert state.flowing is True
        readable.unshift("unshifted")
        readable.push(None)

    common.run(main)


def test_reading_after_removing_readable_listener(common):
    def main():
        readable, state = _idle_readable()
        on_readable = common.must_not_call("readable")
        readable.on("readable", on_readable)

        def on_data(data):
            assert state.reading is (not state.ended)

        readable.on("data", common.must_call(on_data, n=2))
        readable.remove_listener("readable", on_readable)
        readable.on("end", common.must_call(_stream_end_check(state)))
        readable.push("pushed")
        # Not flowing until resume(): the 'data' listener came while a
        # 'readable' one was there.
        assert state.flowing is False

        def later():
            readable.resume()
            assert state.flowing is True
            readable.pause()
            assert state.flowing is False
            readable.resume()
            assert state.flowing is True
            readable.unshift("unshifted")
            readable.push(None)

        next_tick(later)

    common.run(main)
