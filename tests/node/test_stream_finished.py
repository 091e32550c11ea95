# Port of Node v20 test/parallel/test-stream-finished.js.
# Deviations: `fs.createReadStream(f)` is `_streams.file_stream(f)` (NodeKit has no
# fs; `autoClose: false` is `auto_destroy=False`, its effect on a ReadStream);
# `promisify(finished)` is `stream.promises.finished`; an EventTarget with
# `aborted = true` is `AbortSignal.abort()`; the plain `{}` state object of a
# bare EventEmitter is a WritableState; `err.name === 'AbortError'` is an
# AbortError instance.
import pytest

from nodekit import (
    AbortController,
    AbortSignal,
    events,
    http,
    next_tick,
    set_immediate,
    set_timeout,
)
from nodekit.events import EventEmitter
from nodekit.stream import (
    AbortError,
    Duplex,
    PassThrough,
    Readable,
    Stream,
    Transform,
    Writable,
    WritableState,
    finished,
    promises,
)
from tests.node._common import at, raises
from tests.node._streams import file_stream, run_async


def _abort(err):
    assert isinstance(err, AbortError), repr(err)


def _premature(err):
    assert err.code == "ERR_STREAM_PREMATURE_CLOSE"


def _empty():
    return Readable.from_(iter(()))


def test_readable(common):
    def main():
        rs = Readable(read=lambda size: None)
        finished(rs, common.must_succeed())
        rs.push(None)
        rs.resume()

    common.run(main)


def test_writable(common):
    def main():
        ws = Writable(write=lambda data, enc, cb: cb())
        finished(ws, common.must_succeed())
        ws.end()

    common.run(main)


def test_transform_waits_for_both_sides(common):
    def main():
        tr = Transform(transform=lambda data, enc, cb: cb())
        seen = {"finish": False, "ended": False}
        tr.on("end", lambda: seen.update(ended=True))
        tr.on("finish", lambda: seen.update(finish=True))

        def done():
            assert seen["finish"]
            assert seen["ended"]

        finished(tr, common.must_succeed(done))
        tr.end()
        tr.resume()

    common.run(main)


def test_file_stream(common):
    def main():
        rs = file_stream(__file__)
        rs.resume()
        finished(rs, common.must_call())

    common.run(main)


def test_promise_of_file_stream(common):
    def main():
        async def run_it():
            rs = file_stream(__file__)
            ended = {"v": False}
            rs.resume()
            rs.on("end", lambda: ended.update(v=True))
            await promises.finished(rs)
            assert ended["v"]

        run_async(common, run_it())

    common.run(main)


def test_signal_aborted_already(common):
    def main():
        finished(_empty(), {"signal": AbortSignal.abort()}, common.must_call(_abort))

    common.run(main)


def test_signal_aborted_now(common):
    def main():
        ac = AbortController()
        finished(_empty(), {"signal": ac.signal}, common.must_call(_abort))
        ac.abort()

    common.run(main)


def test_signal_aborted_later(common):
    def main():
        ac = AbortController()
        rs = _empty()
        set_timeout(ac.abort, 1)
        finished(rs, {"signal": ac.signal}, common.must_call(_abort))

    common.run(main)


def test_signal_aborted_after_finishing(common):
    def main():
        ac = AbortController()

        def gen():
            yield 5
            set_immediate(ac.abort)

        rs = Readable.from_(gen())
        rs.resume()
        finished(rs, {"signal": ac.signal}, common.must_succeed())

    common.run(main)


@pytest.mark.parametrize("when", ["later", "already"])
def test_promise_rejects_on_abort(common, when):
    def main():
        async def run_it():
            if when == "later":
                ac = AbortController()
                signal = ac.signal
                set_immediate(ac.abort)
            else:
                signal = AbortSignal.abort()
            await promises.finished(_empty(), {"signal": signal})

        run_async(common, run_it(), catch=_abort)

    common.run(main)


def test_missing_file(common):
    def main():
        finished(file_stream("file-does-not-exist"), common.expects_error(code="ENOENT"))

    common.run(main)


def test_close_after_end_is_not_premature(common):
    def main():
        rs = Readable()
        finished(rs, common.must_succeed())
        rs.push(None)
        rs.emit("close")  # no error: the end was pushed
        rs.resume()

    common.run(main)


def test_close_before_end_is_premature(common):
    def main():
        rs = Readable()
        finished(rs, common.must_call(lambda err: _truthy(err)))
        rs.emit("close")  # premature close
        rs.push(None)
        rs.resume()

    common.run(main)


def test_argument_validation(common):
    def main():
        rs = Readable(read=lambda size: None)
        raises(lambda: finished(rs, "foo"), code="ERR_INVALID_ARG_TYPE", message="callback")
        raises(lambda: finished(rs, "foo", lambda *a: None), code="ERR_INVALID_ARG_TYPE",
               message="options")
        raises(lambda: finished(rs, {}, "foo"), code="ERR_INVALID_ARG_TYPE", message="callback")
        finished(rs, None, common.must_call())
        rs.push(None)
        rs.resume()

    common.run(main)


def test_cleanup_of_writable(common):
    def main():
        ws = Writable(write=lambda data, env, cb: cb())
        remove_listener = finished(ws, common.must_not_call("finished"))
        remove_listener()
        ws.end()

    common.run(main)


def test_cleanup_of_readable(common):
    def main():
        rs = Readable()
        remove_listeners = finished(rs, common.must_not_call("finished"))
        remove_listeners()
        rs.emit("close")
        rs.push(None)
        rs.resume()

    common.run(main)


def test_stream_like_event_emitter_is_not_a_stream(common):
    def main():
        stream_like = EventEmitter()
        stream_like.readable_ended = True
        stream_like.readable = True
        raises(lambda: finished(stream_like, lambda *a: None), code="ERR_INVALID_ARG_TYPE")
        stream_like.emit("close")

    common.run(main)


def test_destroyed_non_writable_writable(common):
    def main():
        writable = Writable(write=lambda chunk, enc, cb: None)
        writable.writable = False
        writable.destroy()
        finished(writable, common.must_call(_premature))

    common.run(main)


def test_destroyed_non_readable_readable(common):
    def main():
        readable = Readable()
        readable.readable = False
        readable.destroy()
        finished(readable, common.must_call(_premature))

    common.run(main)


def test_destroy_while_writing_is_premature(common):
    def main():
        w = Writable(write=lambda chunk, encoding, callback: set_immediate(callback))
        finished(w, common.must_call(_premature))
        w.end("asd")
        w.destroy()

    common.run(main)


def _readable_factory(**opts):
    return Readable(**opts)


def _writable_factory(**opts):
    return Writable(write=lambda chunk, enc, cb: None, **opts)


@pytest.mark.parametrize("factory", [_readable_factory, _writable_factory],
                         ids=["readable", "writable"])
def test_closed_streams(common, factory):
    def main():
        s = factory()
        s.destroy()
        dispose = finished(s, common.must_not_call("disposed"))
        dispose()

        s = factory()
        s.destroy()
        finished(s, common.must_call())

        destroyed = {"v": False}

        def slow_destroy(err, cb):
            def later():
                destroyed["v"] = True
                cb()

            set_immediate(later)

        s = factory(destroy=slow_destroy)
        s.destroy()
        finished(s, common.must_call(lambda *a: _truthy(destroyed["v"])))

        def no_close_destroy(err, cb):
            cb()
            finished(s2, common.must_call())

        s2 = factory(emit_close=False, destroy=no_close_destroy)
        s2.destroy()

        def late_destroy(err, cb):
            def later():
                cb()
                set_immediate(lambda: finished(s3, common.must_call()))

            set_immediate(later)

        s3 = factory(destroy=late_destroy)
        s3.destroy()

    common.run(main)


def test_finished_after_finish_without_auto_destroy(common):
    def main():
        w = Writable(write=lambda chunk, encoding, cb: cb(), auto_destroy=False)
        w.end("asd")
        next_tick(lambda: finished(w, common.must_call()))

    common.run(main)


def test_finished_after_error_without_auto_destroy(common):
    def main():
        w = Writable(write=lambda chunk, encoding, cb: cb(Exception()), auto_destroy=False)
        w.write("asd")
        w.on("error", common.must_call(lambda *a: finished(w, common.must_call())))

    common.run(main)


def test_finished_after_end_without_auto_destroy(common):
    def main():
        r = Readable(auto_destroy=False)
        r.push(None)
        r.resume()
        r.on("end", common.must_call(lambda: finished(r, common.must_call())))

    common.run(main)


def test_finished_after_end_of_file_stream_without_auto_close(common):
    def main():
        rs = file_stream(__file__, auto_destroy=False)
        rs.resume()
        rs.on("close", common.must_not_call("close"))
        rs.on("end", common.must_call(lambda: finished(rs, common.must_call())))

    common.run(main)


def test_close_of_errored_bare_emitter_is_premature(common):
    def main():
        d = EventEmitter()
        d._writable_state = WritableState()
        d._writable_state.finished = True
        finished(d, {"readable": False, "writable": True}, common.must_call(_premature))
        d._writable_state.errored = True
        d.emit("close")

    common.run(main)


def test_destroy_before_end_is_read_is_premature(common):
    def main():
        r = Readable()
        finished(r, common.must_call(_premature))
        r.push("asd")
        r.push(None)
        r.destroy()

    common.run(main)


def _never_final_duplex():
    def read(self, size):
        self.push(None)

    return Duplex(final=lambda cb: None,  # never closes the writable side
                  read=read)


def test_readable_side_only(common):
    def main():
        d = _never_final_duplex()
        d.on("end", common.must_call())
        finished(d, {"readable": True, "writable": False}, common.must_call())
        d.end()
        d.resume()

    common.run(main)


def test_readable_side_only_after_end(common):
    def main():
        d = _never_final_duplex()
        d.on("end", common.must_call())
        d.end()
        finished(d, {"readable": True, "writable": False}, common.must_call())
        d.resume()

    common.run(main)


def test_destroyed_flag_then_push_null(common):
    def main():
        r = Readable()
        finished(r, common.must_call())
        r.resume()
        r.push("asd")
        r.destroyed = True
        r.push(None)

    common.run(main)


class HelloWorld(Duplex):
    def __init__(self, response):
        super().__init__(auto_destroy=False)
        self.response = response
        self.read_more = False
        response.once("end", lambda: self.push(None))

        def on_readable():
            if self.read_more:
                self._read()

        response.on("readable", on_readable)

    def _read(self, size=None):
        response = self.response
        self.read_more = True
        if response.readable_length:
            self.read_more = False
        while True:
            data = response.read()
            if data is None:
                break
            self.push(data)


def test_async_iteration_of_duplex_after_finish(common):
    def main():
        response = PassThrough()
        instance = HelloWorld(response)
        instance.set_encoding("utf8")
        instance.end()

        async def run_it():
            await events.once(instance, "finish")

            def write_all():
                response.write("chunk 1")
                response.write("chunk 2")
                response.write("chunk 3")
                response.end()

            set_immediate(write_all)
            res = ""
            async for data in instance:
                res += data
            assert res == "chunk 1chunk 2chunk 3"

        run_async(common, run_it())

    common.run(main)


def test_ended_passthrough_never_finishes(common):
    def main():
        p = PassThrough()
        p.end()
        finished(p, common.must_not_call("finished"))

    common.run(main)


def test_ended_passthrough_never_finishes_after_finish(common):
    def main():
        p = PassThrough()
        p.end()
        p.on("finish", common.must_call(lambda: finished(p, common.must_not_call("finished"))))

    common.run(main)


def _finished_once_closed(common, pick, client_event, client_listener):
    """finished() of a server's stream, called at its 'close', calls back:
    ``pick(req, res)`` gives the stream and what closes it; the client
    request gets ``client_event`` once."""

    def main():
        def handler(req, res):
            stream, close_it = pick(req, res)
            stream.on("close", common.must_call(
                lambda: finished(stream, common.must_call(lambda *a: server.close()))))
            close_it()

        server = http.create_server(common.must_call(handler))
        common.listen(server, lambda port: http.request(at(port, method="GET")).end().on(
            client_event, common.must_call(client_listener)))

    common.run(main)


def test_finished_of_closed_server_response(common):
    _finished_once_closed(common, lambda req, res: (res, res.end), "response",
                          lambda res: res.resume())


def test_finished_of_closed_server_request(common):
    _finished_once_closed(common, lambda req, res: (req, req.destroy), "error", None)


def test_aborted_event_does_not_finish_an_auto_destroying_writable(common):
    def main():
        w = Writable(write=lambda chunk, encoding, callback: next_tick(callback))
        w.aborted = False
        w.end()
        closed = {"v": False}

        def on_finish():
            assert closed["v"] is False
            w.emit("aborted")

        w.on("finish", on_finish)
        w.on("close", common.must_call(lambda: closed.update(v=True)))
        finished(w, common.must_call(lambda *a: _truthy(closed["v"])))

    common.run(main)


def test_finished_of_errored_writable_twice(common):
    def main():
        w = Writable()
        err = Exception()
        w.destroy(err)
        assert w.errored is err

        def first(e):
            assert e is err
            assert w.closed is True
            finished(w, common.must_call(lambda e2: _is(e2, err)))

        finished(w, common.must_call(first))

    common.run(main)


def test_finished_of_destroyed_writable_twice(common):
    def main():
        w = Writable()
        w.destroy()
        assert w.errored is None

        def first(e):
            assert w.closed is True
            _premature(e)
            finished(w, common.must_call(_premature))

        finished(w, common.must_call(first))

    common.run(main)


def test_legacy_stream_never_finishes(common):
    def main():
        finished(Stream(), common.must_not_call("finished"))

    common.run(main)


def test_file_piped_to_server_response(common):
    def main():
        def handler(req, res):
            file_stream(__file__).pipe(res)
            finished(res, common.must_call(lambda err=None: _is(err, None)))

        server = http.create_server(common.must_call(handler))

        def on_response(res):
            res.resume()
            finished(res, common.must_call(lambda *a: server.close()))

        common.listen(server, lambda port: http.request(
            at(port, method="GET"), common.must_call(on_response)).end())

    common.run(main)


def test_writable_side_only_of_duplex(common):
    def main():
        stream = Duplex(write=lambda chunk, enc, cb: set_immediate(cb))
        stream.end("foo")
        finished(stream, {"readable": False}, common.must_call(lambda err=None: _falsy(err)))

    common.run(main)


def _truthy(v):
    assert v


def _falsy(v):
    assert not v


def _is(a, b):
    assert a is b
