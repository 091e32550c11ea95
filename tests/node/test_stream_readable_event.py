# Port of Node v20 test/parallel/test-stream-readable-event.js.
# Deviations: `_readableState.reading` is `_readable_state.reading`.
from nodekit import next_tick, set_timeout
from nodekit.stream import Readable


def _late_readable(common, hwm, chunks, reading, read_calls):
    def main():
        r = Readable(high_water_mark=hwm)
        if read_calls:
            r._read = common.must_call(lambda size: None)
        else:
            r._read = common.must_not_call("_read")
        for chunk in chunks:
            r.push(chunk)

        def later():
            assert r._readable_state.reading is reading
            r.on("readable", common.must_call())

        set_timeout(later, 1)

    common.run(main)


def test_readable_when_buffer_over_hwm(common):
    _late_readable(common, 3, [b"blerg"], False, False)


def test_readable_when_buffer_under_hwm(common):
    _late_readable(common, 3, [b"bl"], True, True)


def test_readable_after_end_pushed(common):
    _late_readable(common, 30, [b"blerg", None], False, False)


def test_empty_strings_are_skipped(common):
    underlying = ["", "x", "y", "", "z"]
    expected = [d for d in underlying if d]
    result = []

    def main():
        r = Readable(encoding="utf8")

        def _read(size):
            def later():
                r.push(underlying.pop(0) if underlying else None)

            next_tick(later)

        r._read = _read

        def on_readable():
            data = r.read()
            if data is not None:
                result.append(data)

        r.on("readable", on_readable)

        def on_end():
            assert result == expected

        r.on("end", common.must_call(on_end))

    common.run(main)
    assert result == expected


def test_remove_all_listeners(common):
    def main():
        r = Readable()
        r._read = lambda size: None
        r.on("data", lambda chunk: None)
        r.remove_all_listeners()
        assert len(r.event_names()) == 0

    common.run(main)
