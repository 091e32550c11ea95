# Port of Node v20 test/parallel/test-stream-end-of-streams.js.
# Deviations: none beyond Python spelling.
from nodekit.stream import Duplex, finished
from tests.node._common import raises


def test_finished_rejects_a_non_stream(common):
    def main():
        # An empty object is not a stream.
        raises(lambda: finished({}, lambda *a: None), code="ERR_INVALID_ARG_TYPE")
        stream_obj = Duplex()
        stream_obj.end()
        # A Duplex is a stream: no error.
        finished(stream_obj, lambda *a: None)

    common.run(main)
