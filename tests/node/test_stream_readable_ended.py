# Port of Node v20 test/parallel/test-stream-readable-ended.js.
# Deviations: `Object.hasOwn(Readable.prototype, 'readableEnded')` is a
# property on the class.
from nodekit.stream import Readable


def test_readable_ended_is_a_class_property():
    assert isinstance(Readable.__dict__.get("readable_ended"), property)


def test_readable_ended_goes_true_at_end(common):
    def main():
        readable = Readable()

        def _read(size):
            assert readable.readable_ended is False
            readable.push("asd")
            assert readable.readable_ended is False
            readable.push(None)
            assert readable.readable_ended is False

        readable._read = _read

        def on_end():
            assert readable.readable_ended is True

        def on_data(_):
            assert readable.readable_ended is False

        readable.on("end", common.must_call(on_end))
        readable.on("data", common.must_call(on_data))

    common.run(main)


def test_push_null_twice_is_not_an_error(common):
    def main():
        readable = Readable()
        readable.on("readable", lambda: readable.read())
        readable.on("error", common.must_not_call("error"))
        readable.on("end", common.must_call())
        readable.push("a")
        readable.push(None)
        readable.push(None)

    common.run(main)
