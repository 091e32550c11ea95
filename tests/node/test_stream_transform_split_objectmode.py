# Port of Node v20 test/parallel/test-stream-transform-split-objectmode.js.
# Deviations: the checks on 'exit' run once the loop is idle.
from nodekit.stream import Transform


def test_readable_object_mode_parser(common):
    parsed = {}

    def main():
        parser = Transform(readable_object_mode=True)
        assert parser._readable_state.object_mode
        assert not parser._writable_state.object_mode
        assert parser.readable_high_water_mark == 16
        assert parser.writable_high_water_mark == 16 * 1024
        assert parser.readable_high_water_mark == parser._readable_state.high_water_mark
        assert parser.writable_high_water_mark == parser._writable_state.high_water_mark
        parser._transform = lambda chunk, enc, callback: callback(None, {"val": chunk[0]})
        parser.on("data", lambda obj: parsed.update(obj=obj))
        parser.end(bytes([42]))

    common.run(main)
    assert parsed["obj"]["val"] == 42


def test_writable_object_mode_serializer(common):
    serialized = {}

    def main():
        serializer = Transform(writable_object_mode=True)
        assert not serializer._readable_state.object_mode
        assert serializer._writable_state.object_mode
        assert serializer.readable_high_water_mark == 16 * 1024
        assert serializer.writable_high_water_mark == 16
        assert serializer.readable_high_water_mark == serializer._readable_state.high_water_mark
        assert serializer.writable_high_water_mark == serializer._writable_state.high_water_mark
        serializer._transform = lambda obj, _, callback: callback(None, bytes([obj["val"]]))
        serializer.on("data", lambda chunk: serialized.update(chunk=chunk))
        serializer.write({"val": 42})

    common.run(main)
    assert serialized["chunk"][0] == 42
