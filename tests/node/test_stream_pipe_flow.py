# Port of Node v20 test/parallel/test-stream-pipe-flow.js.
# Deviations: none beyond Python spelling.
from nodekit import next_tick, set_immediate
from nodekit.stream import PassThrough, Readable, Writable


def test_pipe_to_hwm_0_object_writable_ends(common):
    def main():
        ticks = {"n": 17}

        def read(size):
            ticks["n"] -= 1
            if ticks["n"] + 1 > 0:
                return next_tick(lambda: rs.push({}))
            rs.push({})
            rs.push(None)

        rs = Readable(object_mode=True, read=read)
        ws = Writable(high_water_mark=0, object_mode=True,
                      write=lambda data, end, cb: set_immediate(cb))
        rs.on("end", common.must_call())
        ws.on("finish", common.must_call())
        rs.pipe(ws)

    common.run(main)


def test_wrapper_reading_a_pipe_chain_ends(common):
    def main():
        missing = {"n": 8}

        def read(size):
            missing["n"] -= 1
            rs.push({} if missing["n"] + 1 else None)

        rs = Readable(object_mode=True, read=read)
        pt = rs.pipe(PassThrough(object_mode=True, high_water_mark=2)).pipe(
            PassThrough(object_mode=True, high_water_mark=2))
        pt.on("end", lambda: wrapper.push(None))

        def wrapper_read(size):
            def later():
                data = pt.read()
                if data is None:
                    def on_readable():
                        again = pt.read()
                        if again is not None:
                            wrapper.push(again)

                    pt.once("readable", on_readable)
                else:
                    wrapper.push(data)

            next_tick(later)

        wrapper = Readable(object_mode=True, read=wrapper_read)
        wrapper.resume()
        wrapper.on("end", common.must_call())

    common.run(main)


def test_no_drain_listener_left_behind(common):
    def main():
        rs = Readable(read=lambda size: None)
        pt = rs.pipe(PassThrough(object_mode=True, high_water_mark=2))
        assert pt.listener_count("drain") == 0

        def no_drain():
            assert pt.listener_count("drain") == 0

        pt.on("finish", no_drain)
        rs.push("asd")
        assert pt.listener_count("drain") == 0

        def later():
            rs.push("asd")
            assert pt.listener_count("drain") == 0
            rs.push(None)
            assert pt.listener_count("drain") == 0

        next_tick(later)

    common.run(main)
