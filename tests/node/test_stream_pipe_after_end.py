# Port of Node v20 test/parallel/test-stream-pipe-after-end.js.
# Deviations: none beyond Python spelling.
from nodekit import set_timeout
from nodekit.stream import Readable, Writable


class OnceReadable(Readable):
    def __init__(self, opt=None):
        super().__init__(opt)
        self.ended_once = False

    def _read(self, size):
        if self.ended_once:
            self.emit("error", Exception("_read called twice"))
        self.ended_once = True
        self.push(None)


class CollectWritable(Writable):
    def __init__(self, opt=None):
        super().__init__(opt)
        self.written = []

    def _write(self, chunk, encoding, cb):
        self.written.append(chunk)
        cb()


def test_pipe_of_an_ended_stream_finishes_the_destination(common):
    def main():
        ender = OnceReadable()
        piper = OnceReadable()
        piper.read()

        def later():
            ender.on("end", common.must_call())
            assert ender.read() is None
            w = CollectWritable()
            w.on("finish", common.must_call())
            piper.pipe(w)

        set_timeout(common.must_call(later), 1)

    common.run(main)
