# Port of Node v20 test/parallel/test-stream-readable-flow-recursion.js.
# Deviations: `process.throwDeprecation` and the console.log tracing are
# dropped; the checks on 'exit' run once the loop is idle.
from nodekit.stream import Readable


def test_read_bigger_than_hwm_raises_hwm_without_recursion(common):
    box = {"reads": 0, "total": 5000, "depth": 0}

    def main():
        stream = Readable(high_water_mark=2)
        box["stream"] = stream

        def _read(size):
            box["reads"] += 1
            size = min(size, box["total"])
            box["total"] -= size
            if size == 0:
                stream.push(None)
            else:
                stream.push(bytes(size))

        stream._read = _read

        def flow(stream, size, callback, *_args):
            box["depth"] += 1
            chunk = stream.read(size)
            if not chunk:
                stream.once("readable", lambda *a: flow(stream, size, callback))
            else:
                callback(chunk)
            box["depth"] -= 1

        flow(stream, 5000, common.must_call(lambda chunk: None))

    common.run(main)
    stream = box["stream"]
    assert box["reads"] == 2
    assert stream.readable_high_water_mark == 8192  # the high-water mark went up
    assert stream.readable_length == 0  # all of it was pulled out
    assert box["depth"] == 0
