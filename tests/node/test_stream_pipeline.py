# Port of Node v20 test/parallel/test-stream-pipeline.js.
# Deviations: each block is its own test; `deepStrictEqual(err, new
# Error('kaboom'))` compares the message; `pipelinep` / `promisify(pipeline)` are
# `stream.promises.pipeline`; `async function*` stages are async generator
# functions (Node's `{signal}` argument is `signal=`); `.then`/`.catch` are
# `_streams.run_async`; the http/net servers bind 127.0.0.1; `tsp.setTimeout` is
# `asyncio.sleep`; `process.on('uncaughtException')` listeners are removed at the
# end of their test.
import asyncio

import pytest

from nodekit import AbortController, http, set_immediate
from nodekit.stream import (
    PassThrough,
    Readable,
    Stream,
    Transform,
    Writable,
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
            sent = {"n": 0}

            def read(size):
                sent["n"] += 1
                if sent["n"] - 1 > 10:
                    return
                rs.push("hello")

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
            sent = {"n": 0}

            def read(size):
                sent["n"] += 1
                if sent["n"] - 1 > 10:
                    return
                rs.push("hello")

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

        async def sink(source):
            async for chunk in source:
                box["res"] += chunk

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

        def done(err, *_val):
            _msg("kaboom")(err)
            assert s.destroyed is True

        pipeline(source(), s, common.must_call(done))

    common.run(main)


def test_throwing_async_sink_destroys_middle(common):
    def main():
        s = PassThrough()

        async def sink(source):
            async for _chunk in source:
                raise Exception("kaboom")

        def done(err, *_val):
            _msg("kaboom")(err)
            assert s.destroyed is True

        pipeline(_agen, s, sink, common.must_call(done))

    common.run(main)


def test_throwing_async_generator_destination(common):
    def main():
        s = PassThrough()

        async def sink(source):
            async for _chunk in source:
                raise Exception("kaboom")
            if False:
                yield

        def done(err, *_val):
            _msg("kaboom")(err)
            assert s.destroyed is True

        ret = pipeline(lambda: ["hello", "world"], s, sink, common.must_call(done))
        ret.resume()
        assert callable(ret.pipe)

    common.run(main)


def test_readable_into_async_function(common):
    def main():
        s = PassThrough()
        s.push("asd")
        s.push(None)
        box = {"ret": ""}

        async def sink(source):
            async for chunk in source:
                box["ret"] += to_str(chunk)

        def done(err, *_val):
            assert err is None
            assert box["ret"] == "asd"

        pipeline(s, sink, common.must_call(done))

    common.run(main)
