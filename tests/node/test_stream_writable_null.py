# Port of Node v20 test/parallel/test-stream-writable-null.js.
# Deviations: Node's `write(false)` outside object mode is a bool here.
from nodekit import stream
from tests.node._common import raises


class MyWritable(stream.Writable):
    def __init__(self, **options):
        super().__init__({"auto_destroy": False, **options})

    def _write(self, chunk, encoding, callback):
        assert chunk is not None
        callback()


def if_error(err=None):
    assert err is None


def test_null_and_false_chunks(common):
    def main():
        m = MyWritable(object_mode=True)
        m.on("error", common.must_not_call("error"))
        raises(lambda: m.write(None), code="ERR_STREAM_NULL_VALUES")

        m = MyWritable()
        m.on("error", common.must_not_call("error"))
        raises(lambda: m.write(False), code="ERR_INVALID_ARG_TYPE")

        MyWritable(object_mode=True).write(False, if_error)  # must not raise
        m = MyWritable(object_mode=True)
        m.on("error", common.must_not_call("error"))
        m.write(False, if_error)

    common.run(main)
