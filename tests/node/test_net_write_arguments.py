# Port of Node v20 test/parallel/test-net-write-arguments.js.
# Deviations: Python values stand for JavaScript's (None for null; the
# undefined case is left out: None is already null); the message ends with
# the value's Python description; NodeKit's ERR_INVALID_ARG_TYPE message
# names Python's types (str or a bytes-like object) where Node's names
# string, Buffer or Uint8Array.
import math

import pytest

from nodekit import net
from tests.node._common import raises


def test_write_none(common):
    def main():
        socket = net.Socket({"high_water_mark": 0})
        socket.on("error", common.must_not_call())
        raises(lambda: socket.write(None), code="ERR_STREAM_NULL_VALUES", cls=TypeError,
               message="May not write null values to stream")

    common.run(main)


@pytest.mark.parametrize("value", [True, False, 1, 1.0, math.inf, -math.inf, [], {}],
                         ids=repr)
def test_write_of_a_non_chunk_raises(common, value):
    def main():
        socket = net.Socket({"high_water_mark": 0})
        raises(lambda: socket.write(value), code="ERR_INVALID_ARG_TYPE", cls=TypeError,
               message='The "chunk" argument must be of type str or a bytes-like object.')

    common.run(main)
