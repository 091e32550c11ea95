# Port of Node v20 test/parallel/test-stream-auto-destroy.js.
# Deviations: none beyond Python spelling.
from nodekit.stream import Readable, Transform, Writable


def _destroy(err, cb):
    cb()


def test_readable_auto_destroys_after_end(common):
    def main():
        def read(self, size):
            self.push("hello")
            self.push("world")
            self.push(None)

        r = Readable(auto_destroy=True, read=read, destroy=common.must_call(_destroy))
        ended = {"v": False}
        r.resume()
        r.on("end", common.must_call(lambda: ended.update(v=True)))
        r.on("close", common.must_call(lambda: _is_true(ended["v"])))

    common.run(main)


def test_writable_auto_destroys_after_finish(common):
    def main():
        w = Writable(auto_destroy=True, write=lambda data, enc, cb: cb(None),
                     destroy=common.must_call(_destroy))
        finished = {"v": False}
        w.write("hello")
        w.write("world")
        w.end()
        w.on("finish", common.must_call(lambda: finished.update(v=True)))
        w.on("close", common.must_call(lambda: _is_true(finished["v"])))

    common.run(main)


def test_transform_auto_destroys_after_end_and_finish(common):
    def main():
        t = Transform(auto_destroy=True, transform=lambda data, enc, cb: cb(None, data),
                      destroy=common.must_call(_destroy))
        seen = {"ended": False, "finished": False}
        t.write("hello")
        t.write("world")
        t.end()
        t.resume()
        t.on("end", common.must_call(lambda: seen.update(ended=True)))
        t.on("finish", common.must_call(lambda: seen.update(finished=True)))

        def on_close():
            assert seen["ended"]
            assert seen["finished"]

        t.on("close", common.must_call(on_close))

    common.run(main)


def _error_on_pipe_destination(common, cls):
    """An 'error' emitted on an auto-destroying ``cls`` piped into destroys it."""

    def main():
        r = Readable(read=lambda size: dest.emit("error", Exception("fail")))
        dest = cls(auto_destroy=True, destroy=common.must_call(_destroy))
        r.pipe(dest)

    common.run(main)


def test_error_emitted_on_pipe_destination_destroys_readable(common):
    _error_on_pipe_destination(common, Readable)


def test_error_emitted_on_writable_destination_destroys_it(common):
    _error_on_pipe_destination(common, Writable)


def _is_true(v):
    assert v is True
