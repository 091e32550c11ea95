# Port of Node v20 test/parallel/test-stream-events-prepend.js.
# Deviations: Node sets `prependListener = undefined` on the Writable to
# check pipe() copes without it; here it is set to None the same way.
from nodekit import stream


class Writable(stream.Writable):
    def __init__(self):
        super().__init__()
        self.prepend_listener = None

    def _write(self, chunk, encoding, cb):
        cb()


class Readable(stream.Readable):
    def _read(self, size):
        self.push(None)


def test_pipe_to_a_writable_without_prepend_listener(common):
    def main():
        w = Writable()
        w.on("pipe", common.must_call())
        Readable().pipe(w)

    common.run(main)
