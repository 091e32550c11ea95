"""stream.pipeline and stream.finished (plus their awaitable forms), in the spirit of
Node's test/parallel/test-stream-pipeline.js and test-stream-finished.js (our own cases)."""

from __future__ import annotations

import pytest
from conftest import run

from nodekit import set_immediate, set_timeout
from nodekit.errors import NodeError
from nodekit.stream import (
    Duplex,
    PassThrough,
    Readable,
    Transform,
    Writable,
    finished,
    finished_async,
    pipeline,
    pipeline_async,
    promises,
)


def idle(**options):
    return Readable(read=lambda size: None, **options)


class Sink(Writable):
    def __init__(self, fail=None, **options):
        super().__init__(**options)
        self.received = []
        self.fail = fail

    def _write(self, chunk, encoding, callback):
        self.received.append(chunk)
        set_immediate(callback, self.fail)


def upper():
    return Transform(transform=lambda chunk, enc, cb: cb(None, chunk.upper()))


# -- pipeline ------------------------------------------------------------------------


def test_pipeline_success_calls_back_once_with_none(must_call):
    sink = Sink()

    def main():
        src = idle()
        ret = pipeline(src, upper(), PassThrough(), sink,
                       must_call(lambda err: err is None or pytest.fail(repr(err))))
        assert ret is sink
        src.push(b"ab")
        src.push(b"cd")
        src.push(None)

    run(main)
    assert b"".join(sink.received) == b"ABCD"
    assert sink.writable_finished


def test_pipeline_failure_destroys_every_stream(must_call):
    result = {}

    def main():
        src, middle, sink = idle(), PassThrough(), Sink(fail=OSError("disk full"))

        def done(err):
            result.update(err=err, destroyed=[s.destroyed for s in (src, middle, sink)])

        pipeline(src, middle, sink, must_call(done))
        src.push(b"x")

    run(main)
    assert str(result["err"]) == "disk full"
    assert result["destroyed"] == [True, True, True]


def test_pipeline_source_error_is_reported(must_call):
    errors = []

    def main():
        src = idle()
        pipeline(src, Sink(), must_call(lambda err: errors.append(str(err))))
        set_timeout(lambda: src.destroy(ValueError("source broke")), 1)

    run(main)
    assert errors == ["source broke"]


def test_pipeline_reports_a_premature_close(must_call):
    codes = []

    def main():
        src, sink = idle(), Sink()
        pipeline(src, sink, must_call(lambda err: codes.append(err.code)))
        set_timeout(sink.destroy, 1)

    run(main)
    assert codes == ["ERR_STREAM_PREMATURE_CLOSE"]


def test_pipeline_accepts_a_list_and_an_iterable_source(must_call):
    sink = Sink(object_mode=True)

    def main():
        pipeline([iter([b"a", b"b"]), sink], must_call(lambda err: None))

    run(main)
    assert sink.received == [b"a", b"b"]


def test_pipeline_needs_a_callback_and_two_streams():
    with pytest.raises(TypeError):
        pipeline(idle(), Sink())
    with pytest.raises(TypeError) as info:
        pipeline(idle(), lambda err: None)
    assert info.value.code == "ERR_MISSING_ARGS"
    run(lambda: None)


def test_pipeline_async_resolves_and_raises():
    sink = Sink()
    outcome = []

    async def main():
        src = idle()
        src.push(b"data")
        src.push(None)
        await pipeline_async(src, upper(), sink)
        outcome.append("ok")
        bad = idle()
        set_timeout(lambda: bad.destroy(RuntimeError("nope")), 1)
        with pytest.raises(RuntimeError, match="nope"):
            await promises.pipeline(bad, Sink())
        outcome.append("raised")

    run(main)
    assert outcome == ["ok", "raised"] and sink.received == [b"DATA"]


# -- finished ---------------------------------------------------------------------------


def test_finished_on_a_readable_that_ends(must_call):
    def main():
        r = idle()
        finished(r, must_call(lambda err: err is None or pytest.fail(repr(err))))
        r.resume()
        r.push(None)

    run(main)


def test_finished_on_a_writable_that_finishes(must_call):
    def main():
        w = Sink()
        finished(w, must_call(lambda err: err is None or pytest.fail(repr(err))))
        w.end(b"x")

    run(main)


def test_finished_reports_premature_close(must_call):
    codes = []

    def main():
        r = idle()
        finished(r, must_call(lambda err: codes.append(err.code)))
        r.destroy()

    run(main)
    assert codes == ["ERR_STREAM_PREMATURE_CLOSE"]


def test_finished_reports_the_error(must_call):
    errors = []

    def main():
        w = Sink(fail=OSError("EPIPE"))
        w.on("error", lambda err: None)
        finished(w, must_call(lambda err: errors.append(str(err))))
        w.write(b"x")

    run(main)
    assert errors == ["EPIPE"]


def test_finished_on_an_already_finished_stream(must_call):
    r = idle()

    def main():
        r.resume()
        r.push(None)
        r.on("close", lambda: finished(r, must_call(lambda err: None)))

    run(main)


def test_finished_cleanup_removes_the_listeners(must_call):
    def main():
        r = idle()
        before = {ev: r.listener_count(ev) for ev in ("end", "finish", "error", "close")}
        cleanup = finished(r, must_call.never())
        cleanup()
        after = {ev: r.listener_count(ev) for ev in ("end", "finish", "error", "close")}
        assert before == after
        r.destroy()

    run(main)


def test_finished_waits_for_both_sides_of_a_duplex(must_call):
    log = []

    def main():
        d = Duplex(read=lambda n: None, write=lambda c, e, cb: cb())
        finished(d, must_call(lambda err: log.append(("done", err))))
        d.resume()
        d.end()
        set_timeout(lambda: (log.append("eof"), d.push(None)), 2)

    run(main)
    assert log == ["eof", ("done", None)]


def test_finished_with_options_for_one_side(must_call):
    log = []

    def main():
        d = Duplex(read=lambda n: None, write=lambda c, e, cb: cb())
        finished(d, {"readable": False}, must_call(lambda err: log.append("writable done")))
        d.end()
        set_timeout(lambda: (d.resume(), d.push(None)), 2)

    run(main)
    assert log == ["writable done"]


def test_finished_async():
    outcome = []

    async def main():
        w = Sink()
        w.end(b"x")
        await finished_async(w)
        outcome.append("ok")
        r = idle()
        set_timeout(r.destroy, 1)
        with pytest.raises(NodeError) as info:
            await finished_async(r)
        outcome.append(info.value.code)

    run(main)
    assert outcome == ["ok", "ERR_STREAM_PREMATURE_CLOSE"]


def test_finished_works_on_a_stateless_legacy_writable(must_call):
    class Legacy(Writable):
        """Like http's OutgoingMessage: a Writable by type with its own state."""

        def __init__(self):
            from nodekit.events import EventEmitter

            EventEmitter.__init__(self)
            self.done = False

        def write(self, chunk, encoding=None, callback=None):
            return True

        def end(self, *args):
            self.done = True
            set_immediate(self.emit, "finish")
            return self

        @property
        def writable(self):
            return not self.done

    def main():
        dest = Legacy()
        finished(dest, must_call(lambda err: err is None or pytest.fail(repr(err))))
        src = idle()
        src.pipe(dest)
        src.push(b"x")
        src.push(None)

    run(main)
