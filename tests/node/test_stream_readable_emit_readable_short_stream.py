# Port of Node v20 test/parallel/test-stream-readable-emit-readable-short-stream.js.
# Deviations: none beyond Python spelling.
from nodekit import next_tick
from nodekit.stream import Readable, Transform
from tests.node._streams import to_str


def _drain(t):
    def on_readable():
        while True:
            chunk = t.read()
            if not chunk:
                break
            assert to_str(chunk) == "content"

    return on_readable


def _echo_transform(common):
    box = {}

    def transform(chunk, encoding, callback):
        box["t"].push(chunk)
        return callback()

    t = Transform(transform=common.must_call(transform),
                  flush=common.must_call(lambda callback: callback()))
    box["t"] = t
    return t


def test_piped_short_stream(common):
    def main():
        def read(size):
            r.push("content")
            r.push(None)

        r = Readable(read=common.must_call(read))
        t = _echo_transform(common)
        r.pipe(t)
        t.on("readable", common.must_call(_drain(t), n=2))

    common.run(main)


def test_end_with_content(common):
    def main():
        t = _echo_transform(common)
        t.end("content")
        t.on("readable", common.must_call(_drain(t)))

    common.run(main)


def test_write_then_end(common):
    def main():
        t = _echo_transform(common)
        t.write("content")
        t.end()
        t.on("readable", common.must_call(_drain(t)))

    common.run(main)


def test_readable_pushed_synchronously(common):
    def main():
        t = Readable(read=lambda size: None)
        t.on("readable", common.must_call(_drain(t)))
        t.push("content")
        t.push(None)

    common.run(main)


def test_readable_pushed_next_tick(common):
    def main():
        t = Readable(read=lambda size: None)
        t.on("readable", common.must_call(_drain(t), n=2))

        def later():
            t.push("content")
            t.push(None)

        next_tick(later)

    common.run(main)


def test_readable_listener_before_write(common):
    def main():
        t = _echo_transform(common)
        t.on("readable", common.must_call(_drain(t), n=2))
        t.write("content")
        t.end()

    common.run(main)
