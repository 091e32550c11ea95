# Port of Node v20 test/parallel/test-stream-pipe-same-destination-twice.js.
# Deviations: `_events.data.length` is `listener_count('data')`;
# `_readableState.pipes` is `_readable_state.pipes`.
from nodekit.stream import PassThrough, Writable


def foobar_writer(common, n):
    def write(chunk, encoding, cb):
        assert bytes(chunk) == b"foobar"
        cb()

    if n == 0:
        return Writable(write=common.must_not_call("write"))
    return Writable(write=common.must_call(write, n=n))


def piped_twice(dest):
    pt = PassThrough()
    pt.pipe(dest)
    pt.pipe(dest)
    assert pt.listener_count("data") == 2
    assert pt._readable_state.pipes == [dest, dest]
    return pt


def test_unpipe_once_then_pipe_again(common):
    def main():
        dest = foobar_writer(common, 1)
        pt = piped_twice(dest)
        pt.unpipe(dest)
        assert pt.listener_count("data") == 1
        assert pt._readable_state.pipes == [dest]
        pt.write("foobar")
        pt.pipe(dest)

    common.run(main)


def test_piped_twice_writes_twice(common):
    def main():
        pt = piped_twice(foobar_writer(common, 2))
        pt.write("foobar")

    common.run(main)


def test_unpipe_twice_writes_nothing(common):
    def main():
        dest = foobar_writer(common, 0)
        pt = piped_twice(dest)
        pt.unpipe(dest)
        pt.unpipe(dest)
        assert pt.listener_count("data") == 0
        assert len(pt._readable_state.pipes) == 0
        pt.write("foobar")

    common.run(main)
