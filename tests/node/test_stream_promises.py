# Port of Node v20 test/parallel/test-stream-promises.js.
# Deviations: `.then`/`.catch` on the promises are coroutines awaiting them;
# `promisify(stream.pipeline)` identity has no Python counterpart (`util` is not
# NodeKit's); `fs.createReadStream(__filename)` is a Readable of this file's
# text, and `fs.createReadStream('file-does-not-exist')` a Readable destroyed
# with an ENOENT error, as that ReadStream is.
import errno
from pathlib import Path

from nodekit import set_immediate
from nodekit import stream as stream_mod
from nodekit.errors import SystemError_
from nodekit.stream import Readable, Writable, promises
from nodekit.stream.promises import finished, pipeline
from tests.node._common import raises
from tests.node._streams import run_async


def test_promises_module_is_stream_promises():
    assert stream_mod.promises.pipeline is pipeline
    assert stream_mod.promises.finished is finished
    assert promises is stream_mod.promises


def test_pipeline_resolves(common):
    def main():
        state = {"finished": False}
        processed = []
        expected = [b"a", b"b", b"c"]
        read = Readable(read=lambda size: None)

        def write_fn(data, enc, cb):
            processed.append(data)
            cb()

        write = Writable(write=write_fn)
        write.on("finish", lambda: state.update(finished=True))
        for chunk in expected:
            read.push(chunk)
        read.push(None)

        async def run_it():
            await pipeline(read, write)
            assert state["finished"]
            assert processed == expected

        run_async(common, run_it())

    common.run(main)


def test_pipeline_rejects_on_destroy(common):
    def main():
        read = Readable(read=lambda size: None)
        write = Writable(write=lambda data, enc, cb: cb())
        read.push("data")
        set_immediate(read.destroy)
        fut = pipeline(read, write)

        async def run_it():
            await fut

        run_async(common, run_it(), catch=lambda err: _truthy(err))

    common.run(main)


def _file_stream():
    text = Path(__file__).read_bytes()
    sent = {"done": False}

    def read(size):
        rs.push(None if sent["done"] else text)
        sent["done"] = True

    rs = Readable(read=read)
    return rs


def test_finished_resolves_after_end(common):
    def main():
        async def run_it():
            rs = _file_stream()
            ended = {"v": False}
            rs.resume()
            rs.on("end", lambda: ended.update(v=True))
            await finished(rs)
            assert ended["v"]

        run_async(common, run_it())

    common.run(main)


def test_finished_rejects_with_the_stream_error(common):
    def main():
        rs = Readable(read=lambda size: None)
        fut = finished(rs)
        # The ReadStream fails once its open() does, after finished() watches it.
        rs.destroy(SystemError_(errno.ENOENT, "ENOENT", "open", "file-does-not-exist"))

        async def run_it():
            await fut

        run_async(common, run_it(), catch=lambda err: _eq(err.code, "ENOENT"))

    common.run(main)


def test_finished_validates_cleanup(common):
    def main():
        raises(lambda: finished(Readable(), {"cleanup": 2}), code="ERR_INVALID_ARG_TYPE")
        finished(Readable(), {"cleanup": True})

    common.run(main)


def _ends_with(common, options, end_listeners):
    def main():
        stream_obj = Writable()
        assert stream_obj.listener_count("end") == 0
        fut = finished(stream_obj, options) if options is not None else finished(stream_obj)

        async def run_it():
            await fut
            assert stream_obj.listener_count("end") == end_listeners

        run_async(common, run_it())
        stream_obj.end()

    common.run(main)


def test_finished_without_cleanup_keeps_listeners(common):
    _ends_with(common, {"cleanup": False}, 1)


def test_finished_with_cleanup_removes_listeners(common):
    _ends_with(common, {"cleanup": True}, 0)


def test_finished_default_keeps_listeners(common):
    _ends_with(common, None, 1)


def _truthy(v):
    assert v, "should have an error"


def _eq(a, b):
    assert a == b
