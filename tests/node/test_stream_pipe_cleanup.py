# Port of Node v20 test/parallel/test-stream-pipe-cleanup.js.
# Deviations: the prototype-built legacy streams are Stream subclasses.
from nodekit.stream import Stream


class LegacyWritable(Stream):
    def __init__(self):
        super().__init__()
        self.writable = True
        self.end_calls = 0

    def end(self, *_args):
        self.end_calls += 1

    def destroy(self, *_args):
        self.end_calls += 1


class LegacyReadable(Stream):
    def __init__(self):
        super().__init__()
        self.readable = True


class LegacyDuplex(LegacyWritable):
    def __init__(self):
        super().__init__()
        self.readable = True


LIMIT = 100


def _counts(s):
    return len(s.listeners("end")), len(s.listeners("close"))


def test_end_and_close_remove_the_pipe_listeners(common):
    def main():
        w = LegacyWritable()
        for _ in range(LIMIT):
            r = LegacyReadable()
            r.pipe(w)
            r.emit("end")
        assert len(r.listeners("end")) == 0
        assert w.end_calls == LIMIT

        w.end_calls = 0
        for _ in range(LIMIT):
            r = LegacyReadable()
            r.pipe(w)
            r.emit("close")
        assert len(r.listeners("close")) == 0
        assert w.end_calls == LIMIT

        r = LegacyReadable()
        for _ in range(LIMIT):
            w = LegacyWritable()
            r.pipe(w)
            w.emit("close")
        assert len(w.listeners("close")) == 0

    common.run(main)


def test_chained_legacy_pipes_clean_up(common):
    def main():
        r, w, d = LegacyReadable(), LegacyWritable(), LegacyDuplex()
        r.pipe(d)  # pipeline A
        d.pipe(w)  # pipeline B
        assert _counts(r) == (2, 2)  # A.onend, A.cleanup / A.onclose, A.cleanup
        assert _counts(d) == (2, 3)  # B.onend, B.cleanup / A.cleanup, B.onclose, B.cleanup
        assert _counts(w) == (0, 1)  # B.cleanup

        r.emit("end")
        assert d.end_calls == 1
        assert w.end_calls == 0
        assert _counts(r) == (0, 0)
        assert _counts(d) == (2, 2)  # B.onend, B.cleanup / B.onclose, B.cleanup
        assert _counts(w) == (0, 1)  # B.cleanup

        d.emit("end")
        assert d.end_calls == 1
        assert w.end_calls == 1
        assert _counts(r) == (0, 0)
        assert _counts(d) == (0, 0)
        assert _counts(w) == (0, 0)

    common.run(main)
