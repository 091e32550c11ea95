# Port of Node v20 test/parallel/test-stream-duplex.js.
# Deviations: `Duplex()` without `new` has no Python counterpart; the three
# `Duplex.fromWeb` / `Duplex.toWeb` blocks are left out: web streams
# (`stream/web`) are outside the selection (see node_v20_stream_tests.txt).
from nodekit.stream import Duplex


def test_object_mode_duplex_reads_and_writes(common):
    seen = {}

    def main():
        stream = Duplex(object_mode=True)
        assert isinstance(stream, Duplex)
        assert stream._readable_state.object_mode
        assert stream._writable_state.object_mode
        assert stream.allow_half_open
        assert stream.listener_count("end") == 0

        def _write(obj, _, cb):
            seen["written"] = obj
            cb()

        stream._write = _write
        stream._read = lambda size: None
        stream.on("data", lambda obj: seen.update(read=obj))
        stream.push({"val": 1})
        stream.end({"val": 2})

    common.run(main)
    assert seen["read"]["val"] == 1
    assert seen["written"]["val"] == 2
