# Port of Node v20 test/parallel/test-stream-writable-write-writev-finish.js.
# Deviations: none beyond Python spelling.
import pytest

from nodekit import next_tick, set_immediate
from nodekit.stream import Readable, Writable


def _message(text):
    def check(er):
        assert er.args[0] == text

    return check


def _fail_sync(text):
    return lambda *args: args[-1](Exception(text))


def _fail_async(text):
    return lambda *args: set_immediate(args[-1], Exception(text))


@pytest.mark.parametrize("fail", [_fail_sync, _fail_async], ids=["sync", "async"])
def test_write_error_prevents_finish(common, fail):
    def main():
        w = Writable()
        w._write = fail("write test error")
        w.on("finish", common.must_not_call("finish"))
        w.on("prefinish", common.must_not_call("prefinish"))
        w.on("error", common.must_call(_message("write test error")))
        w.end("test")

    common.run(main)


@pytest.mark.parametrize("fail", [_fail_sync, _fail_async], ids=["sync", "async"])
def test_writev_error_prevents_finish(common, fail):
    def main():
        w = Writable()
        w._write = fail("write test error")
        w._writev = fail("writev test error")
        w.on("finish", common.must_not_call("finish"))
        w.on("prefinish", common.must_not_call("prefinish"))
        w.on("error", common.must_call(_message("writev test error")))
        w.cork()
        w.write("test")
        set_immediate(lambda: w.end("test"))

    common.run(main)


@pytest.mark.parametrize("fail", [_fail_async, _fail_sync], ids=["async", "sync"])
def test_piped_write_error_prevents_finish(common, fail):
    def main():
        rs = Readable()
        rs.push("ok")
        rs.push(None)
        rs._read = lambda size: None
        ws = Writable()
        ws.on("finish", common.must_not_call("finish"))
        ws.on("error", common.must_call())
        ws._write = fail("")
        rs.pipe(ws)

    common.run(main)


def test_write_in_prefinish_listener_errors(common):
    def main():
        w = Writable()
        w._write = lambda chunk, encoding, cb: next_tick(cb)
        w.on("error", common.must_call())
        w.on("finish", common.must_not_call("finish"))
        w.on("prefinish", lambda: w.write("shouldn't write in prefinish listener"))
        w.end()

    common.run(main)


def test_write_in_finish_listener_errors(common):
    def main():
        w = Writable()
        w._write = lambda chunk, encoding, cb: next_tick(cb)
        w.on("error", common.must_call())
        w.on("finish", lambda: w.write("shouldn't write in finish listener"))
        w.end()

    common.run(main)
