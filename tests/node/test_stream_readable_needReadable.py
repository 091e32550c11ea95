# Port of Node v20 test/parallel/test-stream-readable-needReadable.js.
# Deviations: `_readableState.needReadable` is `_readable_state.need_readable`.
from nodekit import next_tick, set_immediate
from nodekit.stream import Readable


def test_need_readable_reset_by_readable_event(common):
    def main():
        readable = Readable(read=lambda size: None)
        assert readable._readable_state.need_readable is False

        def on_readable():
            # When 'readable' fires, need_readable is reset.
            assert readable._readable_state.need_readable is False
            readable.read()

        readable.on("readable", common.must_call(on_readable))
        assert readable._readable_state.need_readable is True
        readable.push("foo")
        readable.push(None)

        def on_end():
            # No more 'readable' once the stream ends.
            assert readable._readable_state.need_readable is False

        readable.on("end", common.must_call(on_end))

    common.run(main)


def test_need_readable_after_each_read_of_async_pushes(common):
    def main():
        r = Readable(read=lambda size: None)

        def on_readable():
            if r.read() is not None:
                # The buffer is empty after read(): the reader is to be told
                # of future changes if the stream does not end now.
                assert r._readable_state.need_readable is True

        r.on("readable", common.must_call(on_readable, n=2))
        next_tick(common.must_call(lambda: r.push("foooo")))
        next_tick(common.must_call(lambda: r.push("bar")))

        def end():
            r.push(None)
            assert r._readable_state.need_readable is False

        set_immediate(common.must_call(end))

    common.run(main)


def test_need_readable_false_while_flowing(common):
    def main():
        flowing = Readable(read=lambda size: None)
        flowing.push("foooo")
        flowing.push("bar")
        flowing.push("quo")
        next_tick(common.must_call(lambda: flowing.push(None)))

        def on_data(data):
            assert flowing._readable_state.need_readable is False

        flowing.on("data", common.must_call(on_data, n=3))

    common.run(main)


def test_need_readable_with_a_slow_producer(common):
    def main():
        slow = Readable(read=lambda size: None)

        def on_readable():
            chunk = slow.read(8)
            state = slow._readable_state
            if chunk is None:
                # Not enough data buffered and not ended: tell the reader later.
                assert state.need_readable is True
            else:
                assert state.need_readable is False

        slow.on("readable", common.must_call(on_readable, n=4))

        def push_then(chunk, then=None):
            def step():
                slow.push(chunk)
                if then is not None:
                    next_tick(common.must_call(then))

            return step

        next_tick(common.must_call(
            push_then("foo", push_then("foo", push_then("foo", push_then(None))))))

    common.run(main)
