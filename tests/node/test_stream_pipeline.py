# Port of Node v20 test/parallel/test-stream-pipeline.js.
# Deviations: each block is its own test; `deepStrictEqual(err, new
# Error('kaboom'))` compares the message; `pipelinep` / `promisify(pipeline)` are
# `stream.promises.pipeline`; `async function*` stages are async generator
# functions (Node's `{signal}` argument is `signal=`); `.then`/`.catch` are
# `_streams.run_async`; the http/net servers bind 127.0.0.1; `tsp.setTimeout` is
# `asyncio.sleep`; `process.on('uncaughtException')` listeners are removed at the
# end of their test. The block with a JS thenable (a `then` getter that may be
# read once) has no Python counterpart and is left out; a Buffer source is one
# chunk (as Readable.from_ makes it), not a sequence of numbers;
# `tsp.setTimeout(1e6, signal)` is a wait for the signal's 'abort'.
import asyncio

import pytest

from nodekit import AbortController, events, http, net, next_tick, set_immediate, set_timeout
from nodekit.stream import (
    AbortError,
    Duplex,
    PassThrough,
    Readable,
    Stream,
    Transform,
    Writable,
    add_abort_signal,
    pipeline,
)
from nodekit.stream import promises as stream_promises
from tests.node._common import at, raises
from tests.node._streams import run_async, to_str

pipelinep = stream_promises.pipeline


def _msg(text):
    def check(err):
        assert err is not None and err.args[0] == text, repr(err)

    return check


def _truthy(v):
    assert v


def _is(a, b):
    assert a is b


def _eq(a, b):
    assert a == b


def _sink(processed=None):
    def write(data, enc, cb):
        if processed is not None:
            processed.append(data)
        cb()

    return Writable(write=write)


def test_pipes_and_finishes(common):
    def main():
        state = {"finished": False}
        processed = []
        expected = [b"a", b"b", b"c"]
        read = Readable(read=lambda size: None)
        write = _sink(processed)
        write.on("finish", lambda: state.update(finished=True))
        for chunk in expected:
            read.push(chunk)
        read.push(None)

        def done():
            assert state["finished"]
            assert processed == expected

        pipeline(read, write, common.must_succeed(done))

    common.run(main)


def test_argument_errors(common):
    def main():
        read = Readable(read=lambda size: None)
        raises(lambda: pipeline(read, lambda *a: None), code="ERR_MISSING_ARGS")
        raises(lambda: pipeline(lambda *a: None), code="ERR_MISSING_ARGS")
        raises(lambda: pipeline(), code="ERR_INVALID_ARG_TYPE")

    common.run(main)


def test_destroyed_source_fails(common):
    def main():
        read = Readable(read=lambda size: None)
        write = _sink()
        read.push("data")
        set_immediate(read.destroy)
        pipeline(read, write, common.must_call(lambda err: _truthy(err)))

    common.run(main)


def test_destroyed_source_error_and_return_value(common):
    def main():
        read = Readable(read=lambda size: None)
        write = _sink()
        read.push("data")
        set_immediate(lambda: read.destroy(Exception("kaboom")))
        dst = pipeline(read, write, common.must_call(_msg("kaboom")))
        assert dst is write

    common.run(main)


def test_transform_error_destroys_all(common):
    def main():
        read = Readable(read=lambda size: None)
        transform = Transform(transform=lambda data, enc, cb: cb(Exception("kaboom")))
        write = _sink()
        for s in (read, transform, write):
            s.on("close", common.must_call())
            s.on("error", common.must_call(_msg("kaboom")))
        dst = pipeline(read, transform, write, common.must_call(_msg("kaboom")))
        assert dst is write
        read.push("hello")

    common.run(main)


def _hellos(stream):
    """Node's ``read() { if (sent++ > 10) return; rs.push('hello'); }``."""
    sent = {"n": 0}

    def read(size):
        sent["n"] += 1
        if sent["n"] - 1 > 10:
            return
        stream().push("hello")

    return read


def _http_get(common, server, on_response):
    def go(port):
        req = http.request(at(port))
        req.end()
        req.on("response", on_response)

    common.listen(server, go)


def test_readable_to_server_response(common):
    def main():
        def handler(req, res):
            def read(size):
                rs.push("hello")
                rs.push(None)

            rs = Readable(read=read)
            pipeline(rs, res, lambda *a: None)

        server = http.create_server(handler)

        def on_response(res):
            buf = []
            res.on("data", buf.append)

            def on_end():
                assert b"".join(buf) == b"hello"
                server.close()

            res.on("end", common.must_call(on_end))

        _http_get(common, server, on_response)

    common.run(main)


def test_client_destroy_destroys_source(common):
    def main():
        def handler(req, res):
            sent = {"v": False}

            def read(size):
                if sent["v"]:
                    return
                sent["v"] = True
                rs.push("hello")

            rs = Readable(read=read, destroy=common.must_call(lambda err, cb: cb()))
            pipeline(rs, res, lambda *a: None)

        server = http.create_server(handler)

        def on_response(res):
            def later():
                res.destroy()
                server.close()

            set_immediate(later)

        _http_get(common, server, on_response)

    common.run(main)


def test_bad_sink_of_response(common):
    def main():
        def handler(req, res):
            read = _hellos(lambda: rs)
            rs = Readable(read=read, destroy=common.must_call(lambda err, cb: cb()))
            pipeline(rs, res, lambda *a: None)

        server = http.create_server(handler)
        cnt = {"n": 10}

        def write(data, enc, cb):
            cnt["n"] -= 1
            if cnt["n"] == 0:
                cb(Exception("kaboom"))
            else:
                cb()

        bad_sink = Writable(write=write)

        def on_response(res):
            def done(err):
                _msg("kaboom")(err)
                server.close()

            pipeline(res, bad_sink, common.must_call(done))

        _http_get(common, server, on_response)

    common.run(main)


def test_request_to_response_echo(common):
    def main():
        server = http.create_server(
            lambda req, res: pipeline(req, res, common.must_succeed()))

        def go(port):
            req = http.request(at(port))
            read = _hellos(lambda: rs)
            rs = Readable(read=read)
            pipeline(rs, req, common.must_call(lambda *a: server.close()))

            def on_response(res):
                cnt = {"n": 10}

                def on_data(_chunk):
                    cnt["n"] -= 1
                    if cnt["n"] == 0:
                        rs.destroy()

                res.on("data", on_data)

            req.on("response", on_response)

        common.listen(server, go)

    common.run(main)


def test_long_chain_of_transforms(common):
    def main():
        def make_transform():
            tr = Transform(transform=lambda data, enc, cb: cb(None, data))
            tr.on("close", common.must_call())
            return tr

        rs = Readable(read=lambda size: rs.push("hello"))
        cnt = {"n": 10}

        def write(data, enc, cb):
            cnt["n"] -= 1
            if cnt["n"] == 0:
                return cb(Exception("kaboom"))
            return cb()

        ws = Writable(write=write)
        rs.on("close", common.must_call())
        ws.on("close", common.must_call())
        pipeline(rs, *[make_transform() for _ in range(6)], ws, common.must_call(_msg("kaboom")))

    common.run(main)


def _old_stream():
    old = Stream()
    old.pause = old.resume = lambda *a: None

    def write(data, *_a):
        old.emit("data", data)
        return True

    old.write = write
    old.end = lambda *a: old.emit("end")
    return old


def test_old_stream_in_the_middle(common):
    def main():
        old_stream = _old_stream()
        expected = [b"hello", b"world"]

        def read(size):
            for chunk in expected:
                rs.push(chunk)
            rs.push(None)

        rs = Readable(read=read)

        def write(data, enc, cb):
            assert data == expected.pop(0)
            cb()

        ws = Writable(write=write)
        state = {"finished": False}
        ws.on("finish", lambda: state.update(finished=True))
        pipeline(rs, old_stream, ws,
                 common.must_succeed(lambda: _truthy(state["finished"])))

    common.run(main)


def test_destroyable_old_stream_is_destroyed_on_error(common):
    def main():
        old_stream = _old_stream()
        destroyable = _old_stream()
        destroyable.destroy = common.must_call(lambda *a: destroyable.emit("close"))
        rs = Readable(read=lambda size: rs.destroy(Exception("stop")))
        ws = _sink()
        state = {"finished": False}
        ws.on("finish", lambda: state.update(finished=True))

        def done(err):
            _msg("stop")(err)
            assert not state["finished"], "should not finish"

        pipeline(rs, old_stream, destroyable, ws, common.must_call(done))

    common.run(main)


def test_promise_pipeline_resolves(common):
    def main():
        async def run_it():
            read = Readable(read=lambda size: None)
            write = _sink()
            read.push("data")
            read.push(None)
            state = {"finished": False}
            write.on("finish", lambda: state.update(finished=True))
            await pipelinep(read, write)
            assert state["finished"]

        run_async(common, run_it())

    common.run(main)


def _abort_error(err):
    assert type(err).__name__ == "AbortError", repr(err)


@pytest.mark.parametrize("when", ["first", "between", "already"])
def test_promise_pipeline_abort_of_generator_source(common, when):
    def main():
        async def run_it():
            if when == "already":
                from nodekit import AbortSignal

                signal = AbortSignal.abort()
                ac = None
            else:
                ac = AbortController()
                signal = ac.signal

            async def producer():
                if when == "first":
                    ac.abort()
                    await asyncio.sleep(0)
                    yield "8"
                    return
                yield "5"
                await asyncio.sleep(0)
                if when == "between":
                    ac.abort()
                await asyncio.sleep(0)
                yield "8"

            w = Writable(write=lambda chunk, encoding, callback: callback())
            await pipelinep(producer, w, {"signal": signal})

        run_async(common, run_it(), catch=_abort_error)

    common.run(main)


def test_missing_callback_is_an_error(common):
    def main():
        read = Readable(read=lambda size: None)
        transform = Transform(transform=lambda data, enc, cb: cb(Exception("kaboom")))
        write = _sink()
        raises(lambda: pipeline(read, transform, write), code="ERR_INVALID_ARG_TYPE")

    common.run(main)


def test_destroyed_destination_of_response(common):
    def main():
        server = http.Server(lambda req, res: res.write("asd"))

        def go(port):
            def on_response(res):
                stream = PassThrough()
                stream.on("error", common.must_call())

                def done(err):
                    assert err.args[0] == "oh no"
                    server.close()

                pipeline(res, stream, common.must_call(done))
                stream.destroy(Exception("oh no"))

            http.get(at(port), on_response).on("error", common.must_not_call("error"))

        common.listen(server, go)

    common.run(main)


def _concat(box, key):
    """Node's ``async function(source) { for await (const chunk of source)
    ret += chunk; }``: a sink that adds every chunk, as text, to box[key]."""

    async def sink(source):
        async for chunk in source:
            box[key] += to_str(chunk)

    return sink


def _string_sink(box):
    def write(chunk, encoding, callback):
        box["res"] += to_str(chunk)
        callback()

    return Writable(write=write)


def _gen():
    yield "hello"
    yield "world"


async def _agen():
    await asyncio.sleep(0)
    yield "hello"
    yield "world"


@pytest.mark.parametrize("source", [lambda: _gen(), lambda: _agen(), lambda: _gen,
                                    lambda: _agen],
                         ids=["generator", "async-generator", "generator-function",
                              "async-generator-function"])
def test_generator_sources(common, source):
    def main():
        box = {"res": ""}
        w = _string_sink(box)
        pipeline(source(), w, common.must_succeed(lambda: _eq(box["res"], "helloworld")))

    common.run(main)


async def _upper(source):
    async for chunk in source:
        yield chunk.upper()


def test_function_stages_to_async_sink(common):
    def main():
        box = {"res": ""}
        sink = _concat(box, "res")

        pipeline(_agen, _upper, sink,
                 common.must_succeed(lambda _val: _eq(box["res"], "HELLOWORLD")))

    common.run(main)


def test_async_sink_value_reaches_callback(common):
    def main():
        async def sink(source):
            ret = ""
            async for chunk in source:
                ret += chunk
            return ret

        pipeline(_agen, _upper, sink, common.must_succeed(lambda val: _eq(val, "HELLOWORLD")))

    common.run(main)


async def _drain(source):
    async for _chunk in source:
        pass
    if False:  # an async generator function that yields nothing
        yield


def test_async_generator_destination_returns_a_stream(common):
    def main():
        async def src():
            await asyncio.sleep(0)
            yield "hello"

        ret = pipeline(src, _drain, common.must_call(lambda err, *a: _is(err, None)))
        ret.resume()
        assert callable(ret.pipe)

    common.run(main)


def test_async_generator_source_error(common):
    def main():
        async def src():
            await asyncio.sleep(0)
            raise Exception("kaboom")
            yield  # noqa: B901 - an async generator function

        ret = pipeline(src, _drain, common.must_call(lambda err, *a: _msg("kaboom")(err)))
        ret.resume()
        assert callable(ret.pipe)

    common.run(main)


def _kaboom_and_destroyed(s):
    """The pipeline's callback: the stage's 'kaboom', and ``s`` destroyed."""

    def done(err, *_val):
        _msg("kaboom")(err)
        assert s.destroyed is True

    return done


async def _throwing_agen():
    raise Exception("kaboom")
    yield  # an async generator function


def _throwing_gen():
    raise Exception("kaboom")
    yield  # a generator function


@pytest.mark.parametrize("source", [lambda: _throwing_agen, lambda: _throwing_agen(),
                                    lambda: _throwing_gen, lambda: _throwing_gen()],
                         ids=["async-function", "async-object", "function", "object"])
def test_throwing_source_destroys_destination(common, source):
    def main():
        s = PassThrough()
        pipeline(source(), s, common.must_call(_kaboom_and_destroyed(s)))

    common.run(main)


def test_throwing_async_sink_destroys_middle(common):
    def main():
        s = PassThrough()

        async def sink(source):
            async for _chunk in source:
                raise Exception("kaboom")

        pipeline(_agen, s, sink, common.must_call(_kaboom_and_destroyed(s)))

    common.run(main)


def test_throwing_async_generator_destination(common):
    def main():
        s = PassThrough()

        async def sink(source):
            async for _chunk in source:
                raise Exception("kaboom")
            if False:
                yield

        ret = pipeline(lambda: ["hello", "world"], s, sink,
                       common.must_call(_kaboom_and_destroyed(s)))
        ret.resume()
        assert callable(ret.pipe)

    common.run(main)


def _into_async_function(common, s):
    """pipeline(s, async sink): the sink gets 'asd', the callback no error."""
    box = {"ret": ""}

    def done(err, *_val):
        assert err is None
        assert box["ret"] == "asd"

    pipeline(s, _concat(box, "ret"), common.must_call(done))


def test_readable_into_async_function(common):
    def main():
        s = PassThrough()
        s.push("asd")
        s.push(None)
        _into_async_function(common, s)

    common.run(main)


def test_legacy_stream_into_async_function(common):
    def main():
        s = Stream()

        def emit():
            s.emit("data", "asd")
            s.emit("end")

        next_tick(emit)
        s.close = common.must_call_at_least(lambda *a: None)
        _into_async_function(common, s)

    common.run(main)


def test_legacy_stream_error_into_async_function(common):
    def main():
        s = Stream()
        next_tick(lambda: s.emit("error", Exception("kaboom")))
        s.destroy = common.must_call(lambda *a: None)

        async def sink(source):
            pass

        pipeline(s, sink, common.must_call(lambda err, *a: _msg("kaboom")(err)))

    common.run(main)


def _invalid_return(s):
    def check(fn):
        err = raises(fn, code="ERR_INVALID_RETURN_VALUE")
        assert s.destroyed is False
        return err

    return check


def test_invalid_return_values(common):
    def main():
        s = PassThrough()
        _invalid_return(s)(lambda: pipeline(lambda: None, s, lambda *a: None))
        s = PassThrough()
        _invalid_return(s)(lambda: pipeline(s, lambda source: None, s, lambda *a: None))
        s = PassThrough()
        _invalid_return(s)(lambda: pipeline(s, lambda source: None, lambda *a: None))

        def gen(source):
            yield from ()

        s = PassThrough()
        _invalid_return(s)(lambda: pipeline(s, gen, lambda *a: None))

    common.run(main)


@pytest.mark.parametrize("tick", [False, True], ids=["sync", "next-tick"])
def test_transform_error_between_functions(common, tick):
    def main():
        box = {"res": ""}

        def transform(chunk, encoding, cb):
            if tick:
                next_tick(cb, Exception("kaboom"))
            else:
                cb(Exception("kaboom"))

        sink = _concat(box, "res")

        def done(err, *_val):
            _msg("kaboom")(err)
            assert box["res"] == ""

        pipeline(_agen, Transform(transform=transform), sink, common.must_call(done))

    common.run(main)


def test_transform_between_functions(common):
    def main():
        box = {"res": ""}
        sink = _concat(box, "res")

        t = Transform(decode_strings=False,
                      transform=lambda chunk, encoding, cb: cb(None, chunk.upper()))
        pipeline(_agen, t, sink, common.must_succeed(lambda _v: _eq(box["res"], "HELLOWORLD")))

    common.run(main)


def test_throwing_async_function_destination(common):
    def main():
        async def src():
            yield "hello"

        async def sink(source):
            raise Exception("kaboom")

        pipeline(src, sink, common.must_call(lambda err, *a: _msg("kaboom")(err)))

    common.run(main)


def test_no_auto_destroy_keeps_streams(common):
    def main():
        src = PassThrough(auto_destroy=False)
        dst = PassThrough(auto_destroy=False)

        def done(*_args):
            assert src.destroyed is False
            assert dst.destroyed is False

        pipeline(src, dst, common.must_call(done))
        src.end()

    common.run(main)


def test_close_after_end_is_not_an_error(common):
    def main():
        r = Readable()
        w = _sink()
        pipeline(r, w, lambda err: _is(err, None))
        r.push("asd")
        r.push(None)
        r.emit("close")

    common.run(main)


def test_request_body_pipeline_then_abort(common):
    def main():
        server = http.create_server(lambda req, res: None)

        def go(port):
            req = http.request(at(port))
            body = PassThrough()

            def done():
                assert not req.res
                assert not req.aborted
                req.abort()
                server.close()

            pipeline(body, req, common.must_succeed(done))
            body.end()

        common.listen(server, go)

    common.run(main)


def test_readable_destination_is_kept(common):
    def main():
        src, dst = PassThrough(), PassThrough()
        pipeline(src, dst, common.must_succeed(lambda: _is(dst.destroyed, False)))
        src.end()

    common.run(main)


def test_non_readable_destination_is_destroyed(common):
    def main():
        src, dst = PassThrough(), PassThrough()
        dst.readable = False
        pipeline(src, dst, common.must_succeed(lambda: _is(dst.destroyed, True)))
        src.end()

    common.run(main)


def test_throw_in_middle_generator_before_writable(common):
    def main():
        box = {"res": ""}
        rs = Readable(read=lambda size: set_immediate(lambda: rs.push("hello")))
        ws = Writable(write=common.must_not_call("write"))

        async def thrower(stream):
            async for _chunk in stream:
                raise Exception("kaboom")
            if False:
                yield

        async def collector(source):
            async for chunk in source:
                box["res"] += chunk
            if False:
                yield

        def done(err, *_val):
            _msg("kaboom")(err)
            assert box["res"] == ""

        pipeline(rs, thrower, collector, ws, common.must_call(done))

    common.run(main)


def test_server_request_into_passthrough(common):
    def main():
        def handler(req, res):
            req.socket.on("error", common.must_not_call("socket error"))

            def done(err):
                assert err is None
                res.end()
                server.close()

            pipeline(req, PassThrough(), done)

        server = http.create_server(handler)

        def go(port):
            req = http.request(at(port, method="PUT"))
            req.end("asd123")
            req.on("response", common.must_call(lambda res: res.resume()))
            req.on("error", common.must_not_call("error"))

        common.listen(server, go)

    common.run(main)


def test_source_with_pushed_end_stays_writable(common):
    def main():
        src = PassThrough()
        assert src.writable is True
        dst = PassThrough()

        def done(err):
            assert src.writable is True
            assert src.destroyed is False

        pipeline(src, dst, common.must_call(done))
        src.push(None)

    common.run(main)


def test_destroying_the_returned_stream_is_premature(common):
    def main():
        src = PassThrough()

        async def echo(source):
            async for chunk in source:
                yield chunk

        dst = pipeline(src, echo, common.must_call(
            lambda err, *a: _eq(err.code, "ERR_STREAM_PREMATURE_CLOSE")))
        src.push("asd")
        dst.destroy()

    common.run(main)


def test_objects_from_async_generators(common):
    def main():
        async def src():
            yield "asd"

        async def wrap(source):
            async for chunk in source:
                yield {"chunk": chunk}

        pipeline(src, wrap, common.must_succeed(lambda *a: None))

    common.run(main)


@pytest.mark.parametrize("duplex", [False, True], ids=["writable", "duplex"])
def test_callback_after_slow_source_close(common, duplex):
    def main():
        box = {"closed": False}
        src = Readable(read=lambda size: None, destroy=lambda err, cb: next_tick(cb))
        dst = Duplex({}) if duplex else _sink()
        on_close = lambda: box.update(closed=True)  # noqa: E731
        src.on("close", common.must_call(on_close) if duplex else on_close)
        src.push(None)
        pipeline(src, dst, common.must_call(lambda err: _is(box["closed"], True)))

    common.run(main)


def test_net_socket_echo(common):
    def main():
        def on_connection(socket):
            pipeline(socket, socket, common.must_succeed())
            socket.on("finish", common.must_call(lambda: server.close()))

        server = net.create_server(common.must_call(on_connection))

        def go(port):
            socket = net.connect(port, "127.0.0.1")
            socket.end()

        common.listen(server, go)

    common.run(main)


def test_final_is_awaited_before_the_callback(common):
    def main():
        def write(data, enc, cb):
            d.push(data)
            cb()

        def final(cb):
            def later():
                assert d.destroyed is False
                cb()

            set_timeout(later, 1000)

        d = Duplex(auto_destroy=False, write=common.must_call(write),
                   read=common.must_call(lambda size: d.push(None)),
                   final=common.must_call(final), destroy=common.must_not_call("destroy"))
        sink = Writable(write=common.must_call(lambda data, enc, cb: cb()))
        pipeline(d, sink, common.must_succeed())
        d.write("test")
        d.end()

    common.run(main)


def test_array_of_streams(common):
    def main():
        r = Readable(read=lambda size: None)
        r.push("hello")
        r.push("world")
        r.push(None)
        box = {"res": ""}
        pipeline([r, _string_sink(box)],
                 common.must_succeed(lambda: _eq(box["res"], "helloworld")))

    common.run(main)


def test_callback_after_flush(common):
    def main():
        box = {"flushed": False}

        def flush(cb):
            def later():
                box["flushed"] = True
                cb(None)

            set_timeout(later, 1)

        make_stream = Transform(transform=lambda chunk, enc, cb: cb(None, chunk), flush=flush)
        inp = Readable()
        inp.push(None)
        pipeline(inp, make_stream, common.must_call(lambda *a: _is(box["flushed"], True)))

    common.run(main)


def test_abort_signal_on_the_returned_stream(common):
    def main():
        ac = AbortController()

        async def gen():
            for i in range(10):
                await asyncio.sleep(0)
                yield str(i)
                if i == 5:
                    ac.abort()

        r = Readable.from_(gen())
        box = {"res": ""}
        w = _string_sink(box)

        def cb(err):
            assert isinstance(err, AbortError)
            assert box["res"] == "012345"
            assert w.destroyed is True
            assert r.destroyed is True
            assert pipelined.destroyed is True

        pipelined = add_abort_signal(ac.signal, pipeline([r, w], common.must_call(cb)))

    common.run(main)


def test_list_sources(common):
    def main():
        pipeline([1, 2, 3], PassThrough(object_mode=True), common.must_succeed(lambda: None))
        box = {"res": ""}
        pipeline(["1", "2", "3"], _string_sink(box),
                 common.must_succeed(lambda: _eq(box["res"], "123")))

    common.run(main)


def test_buffer_sources(common):
    def main():
        content = "abc"
        pipeline(content.encode(), PassThrough(object_mode=True),
                 common.must_succeed(lambda: None))
        box = {"res": ""}

        async def collect(previous):
            async for val in previous:
                box["res"] += chr(val) if isinstance(val, int) else to_str(val)
                yield val

        pipeline(content.encode(), collect,
                 common.must_succeed(lambda *_v: _eq(box["res"], content)))

    common.run(main)


def test_promise_abort_while_source_waits(common):
    def main():
        ac = AbortController()
        signal = ac.signal

        async def src(signal=None):
            await events.once(signal, "abort")  # tsp.setTimeout(1e6, signal)
            raise AbortError()
            yield

        async def sink(source):
            pass

        fut = pipelinep(src, sink, {"signal": signal})

        async def wait():
            await fut

        run_async(common, wait(), catch=_abort_error)
        ac.abort()

    common.run(main)


def _text_writer(box):
    write = Writable(write=lambda data, enc, cb: (box.update(text=box["text"] + to_str(data)),
                                                  cb()))
    write.on("finish", lambda: box.update(finished=True))
    return write


def test_promise_of_array_with_readable_from_string(common):
    def main():
        async def run_it():
            box = {"text": "", "finished": False}
            write = _text_writer(box)
            await pipelinep([Readable.from_("Hello World!"), write])
            assert box["finished"]
            assert box["text"] == "Hello World!"

        run_async(common, run_it())

    common.run(main)


def test_array_with_readable_from_string(common):
    def main():
        box = {"text": "", "finished": False}
        write = _text_writer(box)

        def done():
            assert box["finished"]
            assert box["text"] == "Hello World!"

        pipeline([Readable.from_("Hello World!"), write], common.must_succeed(done))

    common.run(main)


def _ended_into_passthrough(common, *options, check=None):
    """The promise pipeline of an ended readable into a PassThrough (with
    ``options``) leaves the PassThrough undestroyed; then ``check(it)``."""

    def main():
        async def run_it():
            read = Readable(read=lambda size: None)
            duplex = PassThrough()
            read.push(None)
            await pipelinep(read, duplex, *options)
            assert duplex.destroyed is False
            if check is not None:
                check(duplex)

        run_async(common, run_it())

    common.run(main)


def test_promise_leaves_readable_destination(common):
    _ended_into_passthrough(common)


def test_promise_with_end_false(common):
    _ended_into_passthrough(common, {"end": False},
                            check=lambda duplex: _is(duplex.writable_ended, False))


async def _three():
    await asyncio.sleep(0)
    yield "hello"
    yield "world"
    yield "world"


def test_async_sink_breaking_early(common):
    def main():
        s = PassThrough(object_mode=True)

        async def sink(source):
            ret = ""
            n = 0
            async for chunk in source:
                n += 1
                if n - 1 > 1:
                    break
                ret += chunk
            return ret

        def done(err, val):
            assert err is None
            assert val == "helloworld"
            assert s.destroyed is True

        pipeline(_three, s, sink, common.must_call(done))

    common.run(main)


def test_async_sink_returning_none(common):
    def main():
        s = PassThrough(object_mode=True)

        async def sink(source):
            return None

        def done(err, val):
            assert err is None
            assert val is None

        pipeline(_three, s, sink, common.must_call(done))

    common.run(main)


class _RejectingIterable:
    def __aiter__(self):
        return self

    async def __anext__(self):
        raise Exception("stop")


def test_rejected_source_errors_legacy_writable(common):
    def main():
        class LegacyWritable(Stream):
            def write(self, chunk, encoding=None, callback=None):
                callback()

        writable = LegacyWritable()
        writable.on("error", common.must_call(_msg("stop")))
        pipeline(Readable.from_(_RejectingIterable()), writable, common.must_call(_msg("stop")))

    common.run(main)


def test_overridden_end_is_called_once(common):
    def main():
        class CustomReadable(Readable):
            def _read(self, size):
                self.push("asd")
                self.push(None)

        class CustomWritable(Writable):
            def __init__(self):
                super().__init__()
                self.end_count = 0
                self.str = ""

            def _write(self, chunk, enc, cb):
                self.str += to_str(chunk)
                cb()

            def end(self, *args, **kwargs):
                self.end_count += 1
                return super().end()

        readable = CustomReadable()
        writable = CustomWritable()

        def done():
            assert writable.str == "asd"
            assert writable.end_count == 1

        pipeline(readable, writable, common.must_succeed(done))

    common.run(main)


def test_pipeline_of_ended_readable(common):
    def main():
        readable = Readable(read=lambda size: None)
        readable.on("end", common.must_call(
            lambda: pipeline(readable, PassThrough(), common.must_succeed())))
        readable.push(None)
        readable.read()

    common.run(main)


def test_pipeline_of_ended_duplex(common):
    def main():
        dup = Duplex(read=lambda size: None, write=lambda chunk, enc, cb: cb())
        dup.on("end", common.must_call(
            lambda: pipeline(dup, PassThrough(), common.must_succeed())))
        dup.push(None)
        dup.read()

    common.run(main)


def test_promise_end_false_leaves_writable_open(common):
    def main():
        box = {"res": ""}
        writable = _string_sink(box)

        async def src():
            yield "hello"
            await asyncio.sleep(0)
            yield "world"

        async def run_it():
            await pipelinep(src, writable, {"end": False})
            assert box["res"] == "helloworld"
            assert writable.closed is False

        run_async(common, run_it())

    common.run(main)


def test_final_after_end_of_big_source(common):
    def main():
        r = Readable()
        for _ in range(4000):
            r.push("asdfdagljanfgkaljdfn")
        r.push(None)
        box = {"ended": False}
        r.on("end", lambda: box.update(ended=True))

        def final(cb):
            assert box["ended"] is True
            cb(None)

        w = Writable(write=lambda chunk, enc, cb: cb(None), final=common.must_call(final))
        pipeline(r, w, common.must_call(lambda err: _is(err, None)))

    common.run(main)
