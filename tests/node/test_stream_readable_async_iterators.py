# Port of Node v20 test/parallel/test-stream-readable-async-iterators.js.
# Deviations: `Readable.prototype[Symbol.asyncIterator].call(s)` is
# `Readable.__aiter__(s)` (a Python instance cannot take its own __aiter__);
# `iter.next()` is `iter.__anext__()` (queued calls are gathered tasks), its
# `{done: true}` is StopAsyncIteration, `iter.return()` is `aclose()`;
# `Promise.resolve()` awaits are `asyncio.sleep(0)`; `fs.createReadStream` is
# `_streams.file_stream` (with `readable.close()` as `destroy()`); each block of
# the sequential `tests()` is its own test; the http blocks bind 127.0.0.1.
import asyncio
import json

import pytest

from nodekit import http, next_tick, set_immediate, set_timeout
from nodekit.stream import PassThrough, Readable, Stream, Transform, pipeline
from tests.node._common import at, raises
from tests.node._streams import file_stream, run_async, start_now


def _run(common, factory, **kw):
    common.run(lambda: run_async(common, factory(), **kw))


async def _started(*coros):
    """Tasks for ``it.__anext__()`` calls, run now up to their wait: a JS
    ``it.next()`` starts (and queues) at the call."""
    return [start_now(c) for c in coros]


def _premature(err):
    assert err.code == "ERR_STREAM_PREMATURE_CLOSE"


async def _done(aw):
    """``(await it.next()).done === true``."""
    with pytest.raises(StopAsyncIteration):
        await aw


def test_legacy_stream(common):
    async def body():
        stream = Stream()
        stream.destroy = common.must_call()

        def emit():
            stream.emit("data", "hello")
            stream.emit("data", "world")
            stream.emit("end")

        next_tick(emit)
        res = ""
        async for d in Readable.__aiter__(stream):
            res += d
        assert res == "helloworld"

    _run(common, body)


def test_legacy_stream_error(common):
    async def body():
        stream = Stream()
        stream.close = common.must_call()

        def emit():
            stream.emit("data", 0)
            stream.emit("data", 1)
            stream.emit("error", Exception("asd"))

        next_tick(emit)
        it = Readable.__aiter__(stream)
        with pytest.raises(Exception, match="^asd$"):
            await it.__anext__()

    _run(common, body)


def test_return_closes_a_stream_without_destroy(common):
    async def body():
        readable = Readable(auto_destroy=False, read=lambda size: None)
        readable.push("asd")
        readable.push("asd")
        readable.destroy = None
        readable.close = common.must_call(lambda: readable.emit("close"))

        async def first():
            async for _d in readable:
                return

        await first()

    _run(common, body)


def test_next_then_for_await(common):
    async def body():
        readable = Readable(object_mode=True, read=lambda size: None)
        readable.push(0)
        readable.push(1)
        readable.push(None)
        it = readable.__aiter__()
        assert await it.__anext__() == 0
        async for d in it:
            assert d == 1

    _run(common, body)


def _object_iterator():
    """An object-mode readable that never reads by itself, and its iterator."""
    readable = Readable(object_mode=True, read=lambda size: None)
    it = readable.__aiter__()
    assert it.stream is readable
    return readable, it


def test_queued_next_calls(common):
    async def body():
        readable, it = _object_iterator()
        values = asyncio.gather(*await _started(*[it.__anext__() for _ in range(5)]))

        def check(results):
            for i, item in enumerate(results):
                assert item == f"hello-{i}"

        values.add_done_callback(common.must_call(lambda f: check(f.result())))
        for i in range(5):
            readable.push(f"hello-{i}")
        readable.push(None)
        await _done(it.__anext__())

    _run(common, body)


def test_queued_next_calls_deferred(common):
    async def body():
        readable, it = _object_iterator()
        values = asyncio.gather(*await _started(*[it.__anext__() for _ in range(3)]))
        for i in range(3):
            readable.push(f"hello-{i}")
        assert await values == ["hello-0", "hello-1", "hello-2"]
        values = asyncio.gather(*await _started(*[it.__anext__() for _ in range(2)]))
        readable.push("hello-3")
        readable.push("hello-4")
        readable.push(None)
        assert await values == ["hello-3", "hello-4"]
        await _done(it.__anext__())

    _run(common, body)


def test_queued_next_calls_with_errors(common):
    async def body():
        readable, it = _object_iterator()
        values = await _started(*[it.__anext__() for _ in range(3)])
        errors = await _started(*[it.__anext__() for _ in range(2)])
        for i in range(3):
            readable.push(f"hello-{i}")
        resolved = await asyncio.gather(*values)
        assert resolved == ["hello-0", "hello-1", "hello-2"]

        def first_failed(f):
            assert f.exception().args[0] == "kaboom"

        def then_done(f):
            assert isinstance(f.exception(), StopAsyncIteration)

        errors[0].add_done_callback(common.must_call(first_failed))
        errors[1].add_done_callback(common.must_call(then_done))
        readable.destroy(Exception("kaboom"))
        await asyncio.wait(errors)

    _run(common, body)


def test_next_after_error(common):
    async def body():
        readable = Readable(read=lambda size: None)
        it = readable.__aiter__()
        err = Exception("kaboom")
        readable.destroy(err)
        with pytest.raises(Exception) as info:
            await it.__anext__()
        assert info.value is err

    _run(common, body)


def _hellos(box, stream, deferred):
    """Node's ``read()`` of these blocks: push 'hello' (on the next
    setImmediate when ``deferred``), counted in ``box['readed']``, and EOF
    after the 42nd."""

    def push():
        stream().push("hello")
        box["readed"] += 1
        if box["readed"] == 42:
            stream().push(None)

    def read(size):
        if deferred:
            set_immediate(push)
        else:
            push()

    return read


def _every_hello_iterated(common, deferred):
    """An object-mode reader of 42 hellos: iteration receives each one."""

    async def body():
        box = {"readed": 0, "received": 0}
        readable = Readable(object_mode=True, read=_hellos(box, lambda: readable, deferred))
        async for k in readable:
            box["received"] += 1
            assert k == "hello"
        assert box["readed"] == box["received"]

    _run(common, body)


def test_read_object_mode(common):
    _every_hello_iterated(common, deferred=False)


def test_destroy_sync(common):
    async def body():
        readable = Readable(object_mode=True,
                            read=lambda size: readable.destroy(Exception("kaboom from read")))
        with pytest.raises(Exception, match="^kaboom from read$"):
            async for _k in readable:
                pass

    _run(common, body)


def test_destroy_async(common):
    async def body():
        box = {"pushed": False, "received": 0}

        def read(size):
            if not box["pushed"]:
                readable.push("hello")
                box["pushed"] = True
                set_immediate(lambda: readable.destroy(Exception("kaboom")))

        readable = Readable(object_mode=True, read=read)
        with pytest.raises(Exception, match="^kaboom$"):
            async for _k in readable:
                box["received"] += 1
        assert box["received"] == 1

    _run(common, body)


def test_destroyed_by_throw(common):
    async def body():
        readable = Readable(object_mode=True, read=lambda size: readable.push("hello"))
        with pytest.raises(Exception, match="^kaboom$"):
            async for k in readable:
                assert k == "hello"
                raise Exception("kaboom")
        assert readable.destroyed is True

    _run(common, body)


def test_destroyed_sync_after_push(common):
    async def body():
        def read(size):
            readable.push("hello")
            readable.destroy(Exception("kaboom"))

        readable = Readable(object_mode=True, read=read)
        received = 0
        with pytest.raises(Exception, match="^kaboom$"):
            async for k in readable:
                assert k == "hello"
                received += 1
        assert received == 1

    _run(common, body)


def test_destroyed_will_not_deadlock(common):
    def main():
        readable = Readable()
        readable.destroy()

        async def later():
            readable.on("close", common.must_not_call("close"))
            received = 0
            with pytest.raises(Exception) as info:
                async for _k in readable:
                    received += 1
            _premature(info.value)
            assert received == 0

        next_tick(lambda: run_async(common, later()))

    common.run(main)


def test_push_async(common):
    _every_hello_iterated(common, deferred=True)


def test_push_binary_async(common):
    async def body():
        box = {"readed": 0, "expected": ""}
        readable = Readable(read=_hellos(box, lambda: readable, True))
        readable.set_encoding("utf8")
        readable.pause()
        readable.on("data", lambda chunk: box.update(expected=box["expected"] + chunk))
        data = ""
        async for k in readable:
            data += k
        assert data == box["expected"]

    _run(common, body)


def test_next_on_destroyed_stream(common):
    async def body():
        readable = Readable(read=lambda size: None)
        readable.destroy()
        it = readable.__aiter__()
        [nxt] = await _started(it.__anext__())
        nxt.add_done_callback(common.must_call(lambda f: _premature(f.exception())))
        await asyncio.wait([nxt])

    _run(common, body)


def test_next_on_pipelined_stream(common):
    async def body():
        readable = Readable(read=lambda size: None)
        passthrough = PassThrough()
        err = Exception("kaboom")
        pipeline(readable, passthrough, common.must_call(lambda e: _is(e, err)))
        readable.destroy(err)
        with pytest.raises(Exception) as info:
            await readable.__aiter__().__anext__()
        assert info.value is err

    _run(common, body)


def test_iterating_an_ended_stream_completes(common):
    async def body():
        def read(size):
            r.push("asdf")
            r.push("hehe")
            r.push(None)

        r = Readable(object_mode=True, read=read)
        async for _a in r:
            pass
        async for _b in r:
            pass

    _run(common, body)


def test_destroy_mid_stream_errors(common):
    async def body():
        def read(size):
            r.push("asdf")
            r.push("hehe")

        r = Readable(object_mode=True, read=read)
        with pytest.raises(Exception) as info:
            async for _a in r:
                r.destroy(None)
        _premature(info.value)

    _run(common, body)


def test_transform_readable_side_pushes_null(common):
    async def body():
        transform = Transform(object_mode=True, transform=lambda chunk, enc, cb: cb(None, chunk))
        transform.push(0)
        transform.push(1)
        next_tick(lambda: transform.push(None))
        must_reach = [common.must_call(), common.must_call()]
        it = transform.__aiter__()
        assert await it.__anext__() == 0
        async for d in it:
            assert d == 1
            must_reach[0]()
        must_reach[1]()

    _run(common, body)


def test_all_next_calls_resolve_on_end(common):
    async def body():
        r = Readable(object_mode=True, read=lambda size: None)
        b = r.__aiter__()
        c, d = await _started(b.__anext__(), b.__anext__())
        r.push(None)
        await _done(c)
        await _done(d)

    _run(common, body)


def test_all_next_calls_settle_on_destroy(common):
    async def body():
        r = Readable(object_mode=True, read=lambda size: None)
        b = r.__aiter__()
        c, d = await _started(b.__anext__(), b.__anext__())
        r.destroy()
        c.add_done_callback(common.must_call(lambda f: _premature(f.exception())))
        await _done(d)

    _run(common, body)


def test_all_next_calls_settle_on_destroy_with_error(common):
    async def body():
        r = Readable(object_mode=True, read=lambda size: None)
        b = r.__aiter__()
        c, d = await _started(b.__anext__(), b.__anext__())
        err = Exception("kaboom")
        r.destroy(err)
        with pytest.raises(Exception) as info:
            await c
        assert info.value is err
        await _done(d)

    _run(common, body)


def test_destroy_callback_error_rejects_next(common):
    async def body():
        err = Exception("asd")
        r = Readable(read=lambda size: None,
                     destroy=lambda e, callback: set_timeout(lambda: callback(err), 1))
        r.destroy()
        it = r.__aiter__()
        nxt = start_now(it.__anext__())
        nxt.add_done_callback(common.must_call(lambda f: _is(f.exception(), err)))
        await asyncio.wait([nxt])

    _run(common, body)


def test_end_without_auto_destroy_keeps_stream(common):
    async def body():
        def read(size):
            r.push("asd")
            r.push(None)

        r = Readable(auto_destroy=False, read=read)
        async for _chunk in r:
            pass
        assert r.destroyed is False

    _run(common, body)


def test_break_destroys_even_without_auto_destroy(common):
    async def body():
        r = Readable(auto_destroy=False, read=lambda size: r.push("asd"))
        async for _chunk in r:
            break
        assert r.destroyed is True

    _run(common, body)


def test_end_then_auto_destroy(common):
    async def body():
        def read(size):
            r.push("asd")
            r.push(None)

        r = Readable(read=read)
        r.on("end", lambda: _is(r.destroyed, False))
        async for _chunk in r:
            pass
        assert r.destroyed is True

    _run(common, body)


def _return_before_start():
    """``it.return()`` called before any ``next()``, on a readable whose
    ``destroy`` is wrapped (Node's override), started now."""
    r = Readable(object_mode=True, read=lambda size: None)
    original = r.destroy
    r.destroy = lambda err=None, *a: original(err)
    return r, start_now(r.__aiter__().aclose())


def test_return_before_start_then_end(common):
    def main():
        r, p = _return_before_start()
        r.push(None)
        p.add_done_callback(common.must_call(lambda f: f.result()))

    common.run(main)


def test_return_before_start_then_close(common):
    def main():
        r, p = _return_before_start()
        r.emit("close")
        p.add_done_callback(common.must_call(lambda f: _is(f.exception(), None)))

    common.run(main)


def test_next_in_close_listener_of_destroyed_stream(common):
    def main():
        r = Readable(object_mode=True, read=lambda size: None)
        r.destroy()

        def on_close():
            it = r.__aiter__()
            nxt = start_now(it.__anext__())
            nxt.add_done_callback(common.must_call(lambda f: _premature(f.exception())))

        r.on("close", on_close)

    common.run(main)


def test_close_while_iterating_a_file_stream(common):
    async def body():
        readable = file_stream(__file__)
        with pytest.raises(Exception) as info:
            async for _chunk in readable:
                readable.destroy()
        _premature(info.value)
        assert readable.destroyed

    _run(common, body)


def _create_readable():
    async def gen():
        await asyncio.sleep(0)
        yield 5
        await asyncio.sleep(0)
        yield 7
        await asyncio.sleep(0)

    return Readable.from_(gen())


def test_iterator_destroy_on_return(common):
    async def body():
        readable = _create_readable()
        async for chunk in readable.iterator({"destroy_on_return": True}):
            assert chunk == 5
            break
        assert readable.destroyed

    _run(common, body)


def test_iterator_keeps_stream_without_destroy_on_return(common):
    async def body():
        readable = _create_readable()
        opts = {"destroy_on_return": False}
        async for chunk in readable.iterator(opts):
            assert chunk == 5
            break
        assert not readable.destroyed
        async for chunk in readable.iterator(opts):
            assert chunk == 7
        assert readable.destroyed

    _run(common, body)


def test_iterator_options_must_be_a_dict(common):
    def main():
        readable = _create_readable()
        raises(lambda: readable.iterator(42), code="ERR_INVALID_ARG_TYPE", cls=TypeError,
               message='The "options" argument must be of type object. Received '
                       "type number (42)")
        readable.destroy()

    common.run(main)


def test_breaking_iterators_leave_no_listeners(common):
    async def body():
        readable = _create_readable()
        opts = {"destroy_on_return": False}
        while readable.readable:
            async for _chunk in readable.iterator(opts):
                break
        assert readable.event_names() == []

    _run(common, body)


def test_request_destroyed_while_iterating_response(common):
    def main():
        def handler(request, response):
            response.status_code = 404
            response.write("never ends")

        server = http.create_server(handler)

        def go(port):
            async def on_response(res):
                set_timeout(lambda: req.destroy(Exception("something happened")), 100)
                res.on("error", common.must_call())
                with pytest.raises(Exception) as info:
                    async for _chunk in res:
                        pass
                assert info.value.code == "ECONNRESET"
                server.close()

            req = http.request(f"http://127.0.0.1:{port}")
            req.on("response", common.must_call(
                lambda res: run_async(common, on_response(res))))
            req.on("error", common.must_call())
            req.end()

        common.listen(server, go)

    common.run(main)


def test_json_bodies_by_async_iteration(common):
    def main():
        text = json.dumps({"asd": True})

        async def get_parsed_body(request):
            body = ""
            async for data in request:
                body += data.decode()
            try:
                return json.loads(body)
            except ValueError:
                return {}

        async def handler(request, response):
            body = await get_parsed_body(request)
            response.status_code = 200
            assert json.dumps(body) == text
            response.end(json.dumps(body))

        server = http.create_server(handler)

        def go(port):
            async def on_response(res):
                body = ""
                async for chunk in res:
                    body += chunk.decode()
                assert body == text
                server.close()

            req = http.request(at(port, method="POST"))
            req.end(text)
            req.on("response", lambda res: run_async(common, on_response(res)))

        common.listen(server, go)

    common.run(main)


def _is(a, b):
    assert a is b
