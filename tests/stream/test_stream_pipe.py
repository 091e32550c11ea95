"""Readable.pipe / unpipe and back-pressure, in the spirit of Node's
test/parallel/test-stream-pipe-*.js and test-stream-unpipe-*.js (our own cases)."""

from __future__ import annotations

from conftest import run

from nodekit import next_tick, set_immediate, set_timeout
from nodekit.stream import PassThrough, Readable, Writable

KIB = 1024


def idle(**options):
    return Readable(read=lambda size: None, **options)


class Sink(Writable):
    """Collects what it is written; calls back after ``delay`` (None: at once)."""

    def __init__(self, delay=None, **options):
        super().__init__(**options)
        self.received = []
        self.delay = delay

    def _write(self, chunk, encoding, callback):
        self.received.append(chunk)
        if self.delay is None:
            callback()
        elif self.delay == 0:
            set_immediate(callback)
        else:
            set_timeout(callback, self.delay)


def test_pipe_moves_everything_and_ends_the_destination():
    log = []
    dest = Sink()

    def main():
        src = idle()
        dest.on("pipe", lambda s: log.append(("pipe", s is src)))
        dest.on("unpipe", lambda s: log.append(("unpipe", s is src)))
        dest.on("finish", lambda: log.append("finish"))
        src.on("end", lambda: log.append("end"))
        assert src.pipe(dest) is dest
        src.push(b"a")
        src.push(b"b")
        src.push(None)

    run(main)
    assert dest.received == [b"a", b"b"]
    assert log == [("pipe", True), "end", "finish", ("unpipe", True)]


def test_pipe_with_end_false_leaves_the_destination_open():
    dest = Sink()

    def main():
        src = idle()
        src.pipe(dest, end=False)
        src.push(b"x")
        src.push(None)

    run(main)
    assert dest.received == [b"x"] and not dest.writable_ended
    dest.destroy()
    run(lambda: None)


def test_pipe_pauses_the_source_until_drain():
    log = []

    def main():
        count = 0

        def read(self, size):
            nonlocal count
            count += 1
            self.push(b"x" * 3 if count <= 5 else None)

        src = Readable(read=read, high_water_mark=4)
        dest = Sink(delay=1, high_water_mark=4)
        for ev in ("pause", "resume", "end"):
            src.on(ev, lambda ev=ev: log.append(ev))
        dest.on("drain", lambda: log.append("drain"))
        dest.on("finish", lambda: log.append("finish"))
        src.pipe(dest)

    run(main)
    assert log.count("pause") >= 2
    # Every pause is lifted by a 'drain' (then 'resume').
    for i, ev in enumerate(log):
        if ev == "pause" and i + 1 < len(log) and log[i + 1] != "end":
            assert log[i + 1] == "drain" and log[i + 2] == "resume"
    # The finished destination unpipes itself, which pauses the source (Node 20).
    assert log[-3:] == ["end", "finish", "pause"]


def test_pipe_to_two_destinations_waits_for_both_drains():
    a = Sink(delay=1, high_water_mark=1)
    b = Sink(delay=5, high_water_mark=1)

    def main():
        src = idle()
        src.pipe(a)
        src.pipe(b)
        for i in range(3):
            src.push(b"%d" % i)
        src.push(None)

    run(main)
    assert a.received == b.received == [b"0", b"1", b"2"]
    assert a.writable_finished and b.writable_finished


def test_unpipe_stops_the_flow_and_emits_unpipe():
    log = []
    dest = Sink()

    def main():
        src = idle()
        dest.on("unpipe", lambda s: log.append("unpipe"))
        src.pipe(dest)
        src.push(b"before")

        def later():
            src.unpipe(dest)
            assert src.readable_flowing is False
            assert src.listener_count("data") == 0
            src.push(b"after")
            set_timeout(lambda: src.destroy(), 1)

        set_timeout(later, 1)

    run(main)
    assert dest.received == [b"before"]
    assert log == ["unpipe"]
    assert not dest.writable_ended


def test_unpipe_without_argument_removes_every_destination():
    a, b = Sink(), Sink()
    src = idle()

    def main():
        src.pipe(a)
        src.pipe(b)
        src.unpipe()
        src.push(b"x")
        next_tick(src.destroy)

    run(main)
    assert a.received == b.received == []
    assert src._readable_state.pipes == []
    a.destroy()
    b.destroy()
    run(lambda: None)


def test_destination_error_unpipes():
    log = []

    def main():
        src = idle()
        dest = Writable(write=lambda c, e, cb: cb(OSError("EPIPE")))
        dest.on("error", lambda err: log.append("dest error"))
        dest.on("unpipe", lambda s: log.append("unpipe"))
        src.pipe(dest)
        src.push(b"x")
        set_timeout(lambda: (log.append(("src flowing", src.readable_flowing)), src.destroy()), 5)

    run(main)
    assert log == ["unpipe", "dest error", ("src flowing", False)]


def test_legacy_stream_pipe_forwards_data():
    from nodekit.stream import Stream

    dest = Sink()

    def main():
        legacy = Stream()
        legacy.pipe(dest)
        legacy.emit("data", b"one")
        legacy.emit("end")

    run(main)
    assert dest.received == [b"one"] and dest.writable_finished


def test_back_pressure_keeps_memory_flat_over_100_mb():
    chunk = b"\0" * (64 * KIB)
    total_chunks = 1600  # 100 MiB
    stats = {"produced": 0, "received": 0, "peak": 0}

    def main():
        def read(self, size):
            if stats["produced"] == total_chunks:
                self.push(None)
                return
            stats["produced"] += 1
            self.push(chunk)
            sample()

        src = Readable(read=read)
        middle = PassThrough()

        def write(chunk_, encoding, callback):
            stats["received"] += len(chunk_)
            sample()
            set_immediate(callback)

        dest = Writable(write=write)

        def sample():
            buffered = (src.readable_length + middle.writable_length + middle.readable_length
                        + dest.writable_length)
            stats["peak"] = max(stats["peak"], buffered)

        src.pipe(middle).pipe(dest)
        dest.on("finish", lambda: stats.update(finished=True))

    run(main, timeout=20)
    assert stats["finished"] is True
    assert stats["received"] == total_chunks * len(chunk)
    assert stats["peak"] <= 4 * 64 * KIB, stats
