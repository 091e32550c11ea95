# Port of Node v20 test/parallel/test-stream-pipe-error-handling.js.
# Deviations: none beyond Python spelling.
import pytest

from nodekit import set_timeout
from nodekit.stream import PassThrough, Readable, Stream, Writable


def test_error_listener_on_legacy_source_gets_the_error(common):
    def main():
        source, dest = Stream(), Stream()
        source.pipe(dest)
        got = {}
        source.on("error", lambda err: got.update(err=err))
        err = Exception("This stream turned into bacon.")
        source.emit("error", err)
        assert got["err"] is err

    common.run(main)


def test_unhandled_error_on_legacy_source_throws(common):
    def main():
        source, dest = Stream(), Stream()
        source.pipe(dest)
        err = Exception("This stream turned into bacon.")
        with pytest.raises(Exception) as info:
            source.emit("error", err)
        assert info.value is err

    common.run(main)


def test_error_after_own_listener_removed_throws(common):
    def main():
        r = Readable(auto_destroy=False)
        w = Writable(auto_destroy=False)
        removed = {"v": False}

        def later():
            assert removed["v"]
            with pytest.raises(Exception, match="^fail$"):
                w.emit("error", Exception("fail"))

        r._read = common.must_call(lambda size: set_timeout(common.must_call(later), 1))

        def my_on_error(*_args):
            raise Exception("this should not happen")

        w.on("error", my_on_error)
        r.pipe(w)
        w.remove_listener("error", my_on_error)
        removed["v"] = True

    common.run(main)


def test_removing_another_listener_keeps_the_error_listener(common):
    def main():
        r = Readable()
        w = Writable()
        removed = {"v": False}

        def later():
            assert removed["v"]
            w.emit("error", Exception("fail"))

        r._read = common.must_call(lambda size: set_timeout(common.must_call(later), 1))
        w.on("error", common.must_call())
        w._write = lambda chunk, enc, cb: None
        r.pipe(w)
        # Removing some OTHER random listener does nothing.
        w.remove_listener("error", lambda *a: None)
        removed["v"] = True

    common.run(main)


def test_destination_destroy_error_reaches_its_listener(common):
    def main():
        err = Exception("this should be handled")
        destination = PassThrough()
        destination.once("error", common.must_call(lambda e: _is(e, err)))
        stream = Stream()
        stream.pipe(destination)
        destination.destroy(err)

    common.run(main)


def _is(a, b):
    assert a is b
