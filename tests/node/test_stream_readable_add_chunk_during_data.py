# Port of Node v20 test/parallel/test-stream-readable-add-chunk-during-data.js.
# Deviations: none beyond Python spelling.
import pytest

from nodekit.stream import Readable
from tests.node._streams import to_str


@pytest.mark.parametrize("method", ["push", "unshift"])
def test_push_and_unshift_from_a_data_listener(common, method):
    def main():
        r = Readable(read=lambda size: None)

        def first(chunk):
            assert r.readable_length == 0
            getattr(r, method)(chunk)
            assert r.readable_length == len(chunk)
            r.on("data", common.must_call(lambda chunk: _hello(chunk)))

        def _hello(chunk):
            assert to_str(chunk) == "Hello, world"

        r.once("data", common.must_call(first))
        r.push("Hello, world")

    common.run(main)
