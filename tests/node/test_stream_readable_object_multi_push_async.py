# Port of Node v20 test/parallel/test-stream-readable-object-multi-push-async.js.
# Deviations: the console.log tracing is dropped.
import pytest

from nodekit import next_tick, set_immediate, set_timeout
from nodekit.stream import Readable

MAX = 42
BATCH = 10


def _batches(box, stop_when_past_max=True):
    def fetch_data(cb):
        if stop_when_past_max and box["i"] > MAX:
            set_timeout(cb, 10, None, [])
            return
        array = list(range(box["i"], box["i"] + BATCH))
        box["i"] += BATCH
        set_timeout(cb, 10, None, array)

    return fetch_data


@pytest.mark.parametrize("consume", ["readable", "data"])
def test_async_batches_end_with_an_empty_batch(common, consume):
    def main():
        box = {"i": 0}
        fetch_data = _batches(box)

        def read(size):
            def got(err, data):
                if err:
                    readable.destroy(err)
                    return
                if not data:
                    readable.push(None)
                    return
                for d in data:
                    readable.push(d)

            fetch_data(got)

        readable = Readable(object_mode=True,
                            read=common.must_call(read, n=MAX // BATCH + 2))
        if consume == "readable":
            def on_readable():
                while readable.read() is not None:
                    pass

            readable.on("readable", on_readable)
        else:
            readable.on("data", lambda data: None)
        readable.on("end", common.must_call(lambda: _eq(box["i"], (MAX // BATCH + 1) * BATCH)))

    common.run(main)


def test_async_batches_end_with_the_last_batch(common):
    def main():
        box = {"i": 0}
        fetch_data = _batches(box, stop_when_past_max=False)

        def read(size):
            def got(err, data):
                if err:
                    readable.destroy(err)
                    return
                for d in data:
                    readable.push(d)
                if data[BATCH - 1] >= MAX:
                    readable.push(None)

            fetch_data(got)

        readable = Readable(object_mode=True,
                            read=common.must_call(read, n=MAX // BATCH + 1))
        readable.on("data", lambda data: None)
        readable.on("end", common.must_call(lambda: _eq(box["i"], (MAX // BATCH + 1) * BATCH)))

    common.run(main)


def test_end_of_empty_stream_is_after_next_tick(common):
    def main():
        readable = Readable(object_mode=True, read=common.must_not_call("read"))
        readable.on("data", common.must_not_call("data"))
        readable.push(None)
        box = {"passed": False}
        next_tick(lambda: box.update(passed=True))
        readable.on("end", common.must_call(lambda: _eq(box["passed"], True)))

    common.run(main)


def test_push_from_immediate(common):
    def main():
        readable = Readable(object_mode=True, read=common.must_call(lambda size: None))
        readable.on("data", lambda data: None)
        readable.on("end", common.must_call())

        def later():
            readable.push("aaa")
            readable.push(None)

        set_immediate(later)

    common.run(main)


def _eq(a, b):
    assert a == b
