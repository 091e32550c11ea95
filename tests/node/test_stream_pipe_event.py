# Port of Node v20 test/parallel/test-stream-pipe-event.js.
# Deviations: the prototype-built legacy streams are Stream subclasses.
from nodekit.stream import Stream


class LegacyWritable(Stream):
    def __init__(self):
        super().__init__()
        self.writable = True


class LegacyReadable(Stream):
    def __init__(self):
        super().__init__()
        self.readable = True


def test_legacy_pipe_emits_pipe_on_destination(common):
    def main():
        passed = {"v": False}
        w = LegacyWritable()

        def on_pipe(src):
            passed["v"] = True

        w.on("pipe", on_pipe)
        r = LegacyReadable()
        r.pipe(w)
        assert passed["v"]

    common.run(main)
