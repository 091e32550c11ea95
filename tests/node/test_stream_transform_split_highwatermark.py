# Port of Node v20 test/parallel/test-stream-transform-split-highwatermark.js.
# Deviations: `readableHighWaterMark` / `writableHighWaterMark` options are
# `readable_high_water_mark` / `writable_high_water_mark` (so is the message);
# `undefined` and `null` are both None.
import math

import pytest

from nodekit.stream import Readable, Transform, Writable
from tests.node._common import raises

DEFAULT = 16 * 1024


@pytest.mark.parametrize(("readable_hwm", "writable_hwm", "options"), [
    (666, DEFAULT, {"readable_high_water_mark": 666}),
    (DEFAULT, 777, {"writable_high_water_mark": 777}),
    (666, 777, {"readable_high_water_mark": 666, "writable_high_water_mark": 777}),
    (555, 555, {"high_water_mark": 555, "readable_high_water_mark": 666}),
    (555, 555, {"high_water_mark": 555, "writable_high_water_mark": 777}),
    (555, 555, {"high_water_mark": 555, "readable_high_water_mark": 666,
                "writable_high_water_mark": 777}),
    (DEFAULT, DEFAULT, {"readable_high_water_mark": None}),
    (DEFAULT, DEFAULT, {"writable_high_water_mark": None}),
    (666, DEFAULT, {"high_water_mark": None, "readable_high_water_mark": 666}),
    (DEFAULT, 777, {"high_water_mark": None, "writable_high_water_mark": 777}),
])
def test_split_high_water_marks(readable_hwm, writable_hwm, options):
    t = Transform(options)
    assert t._readable_state.high_water_mark == readable_hwm
    assert t._writable_state.high_water_mark == writable_hwm


@pytest.mark.parametrize("side", ["readable", "writable"])
def test_nan_high_water_mark_is_invalid(side):
    key = f"{side}_high_water_mark"
    err = raises(lambda: Transform({key: math.nan}), code="ERR_INVALID_ARG_VALUE",
                 cls=TypeError, message=f"The property 'options.{key}' is invalid. Received nan")
    assert err is not None


def test_side_keys_are_ignored_by_one_sided_streams():
    r = Readable(readable_high_water_mark=666)
    assert r._readable_state.high_water_mark == DEFAULT
    w = Writable(writable_high_water_mark=777)
    assert w._writable_state.high_water_mark == DEFAULT
