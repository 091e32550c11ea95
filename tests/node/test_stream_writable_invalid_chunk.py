# Port of Node v20 test/parallel/test-stream-writable-invalid-chunk.js.
# Deviations: JS's undefined and null are both None: None is the
# ERR_STREAM_NULL_VALUES case in both modes (Node's undefined outside object
# mode is an ERR_INVALID_ARG_TYPE, in object mode a value).
import pytest

from nodekit import stream
from tests.node._common import raises

CASES = [([], False, "ERR_INVALID_ARG_TYPE"), ({}, False, "ERR_INVALID_ARG_TYPE"),
         (0, False, "ERR_INVALID_ARG_TYPE"), (True, False, "ERR_INVALID_ARG_TYPE"),
         (0.0, False, "ERR_INVALID_ARG_TYPE"), (None, False, "ERR_STREAM_NULL_VALUES"),
         ([], True, None), ({}, True, None), (0, True, None), (True, True, None),
         (0.0, True, None), (None, True, "ERR_STREAM_NULL_VALUES")]


@pytest.mark.parametrize(("val", "object_mode", "code"), CASES)
def test_write_type(common, val, object_mode, code):
    def main():
        writable = stream.Writable(object_mode=object_mode, write=lambda *a: None)
        writable.on("error", common.must_not_call("error"))
        if code:
            raises(lambda: writable.write(val), code=code)
        else:
            writable.write(val)

    common.run(main)
