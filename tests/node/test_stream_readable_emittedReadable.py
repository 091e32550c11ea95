# Port of Node v20 test/parallel/test-stream-readable-emittedReadable.js.
# Deviations: `_readableState.emittedReadable` is `_readable_state.emitted_readable`.
from nodekit import next_tick, set_immediate
from nodekit.stream import Readable


def emitted(stream):
    return stream._readable_state.emitted_readable


def test_emitted_readable_flag(common):
    def main():
        readable = Readable(read=lambda size: None)
        assert emitted(readable) is False
        expected = [b"foobar", b"quo", None]

        def on_readable():
            assert emitted(readable) is True
            got = readable.read()
            assert (bytes(got) if got is not None else None) == expected.pop(0)
            assert emitted(readable) is False

        readable.on("readable", common.must_call(on_readable, n=3))
        assert emitted(readable) is False
        next_tick(common.must_call(lambda: readable.push("foo")))
        next_tick(common.must_call(lambda: readable.push("bar")))

        def later():
            readable.push("quo")
            next_tick(common.must_call(lambda: readable.push(None)))

        set_immediate(common.must_call(later))

        no_read = Readable(read=lambda size: None)

        def on_no_read():
            assert emitted(no_read) is True
            no_read.read(0)
            assert emitted(no_read) is True

        no_read.on("readable", common.must_call(on_no_read))
        no_read.push("foo")
        no_read.push(None)

        flowing = Readable(read=lambda size: None)

        def on_data(_):
            assert emitted(flowing) is False
            flowing.read()
            assert emitted(flowing) is False

        flowing.on("data", common.must_call(on_data, n=3))
        flowing.push("foooo")
        flowing.push("bar")
        flowing.push("quo")
        next_tick(common.must_call(lambda: flowing.push(None)))

    common.run(main)
