# Port of Node v20 test/parallel/test-stream-duplex-props.js.
# Deviations: none beyond Python spelling.
from nodekit.stream import Duplex


def test_shared_options():
    d = Duplex(object_mode=True, high_water_mark=100)
    assert d.writable_object_mode is True
    assert d.writable_high_water_mark == 100
    assert d.readable_object_mode is True
    assert d.readable_high_water_mark == 100


def test_per_side_options():
    d = Duplex(readable_object_mode=False, readable_high_water_mark=10,
               writable_object_mode=True, writable_high_water_mark=100)
    assert d.writable_object_mode is True
    assert d.writable_high_water_mark == 100
    assert d.readable_object_mode is False
    assert d.readable_high_water_mark == 10
