# Port of Node v20 test/parallel/test-stream-readable-hwm-0-no-flow-data.js.
# Deviations: none beyond Python spelling.
from nodekit import next_tick, set_immediate
from nodekit.stream import Readable


def test_hwm_0_async_push_emits_no_data_without_read(common):
    def main():
        stream_data = ["a", None]
        calls = []

        def read(size):
            calls.append(f"_read:{_js(stream_data[0])}")

            def later():
                calls.append(f"push:{_js(stream_data[0])}")
                r.push(stream_data.pop(0))

            next_tick(later)

        # Object mode just for convenience: it does not change the order of events.
        r = Readable(read=common.must_call(read, n=len(stream_data)),
                     high_water_mark=0, object_mode=True)
        assert r.readable_flowing is None
        r.on("readable", common.must_call(lambda: calls.append("readable"), n=2))
        assert r.readable_flowing is False
        r.on("data", common.must_call(lambda data: calls.append(f"data:{data}")))
        r.on("end", common.must_call(lambda: calls.append("end")))
        assert r.readable_flowing is False

        first = ["_read:a", "push:a", "readable", "data:a"]
        second = first + ["_read:null", "push:null", "readable"]

        def step2():
            # A new 'readable' after the push; 'end' comes only after a read().
            assert calls == second
            assert r.read() is None
            # 'end' is on the next tick after read() (current behaviour).
            assert calls == second
            next_tick(lambda: _eq(calls, second + ["end"]))

        def step1():
            # Only _read, push and 'readable' so far: no data yet.
            assert calls == ["_read:a", "push:a", "readable"]
            assert r.read() == "a"  # emits 'data'
            assert calls == first
            # hwm 0 buffers nothing and _read pushes asynchronously: "no data
            # available" (not end of stream).
            assert r.read() is None
            set_immediate(step2)

        set_immediate(step1)

    common.run(main)


def _js(value):
    return "null" if value is None else value


def _eq(a, b):
    assert a == b
