# Port of Node v20 test/parallel/test-stream-readable-pause-and-resume.js.
# Deviations: none beyond Python spelling.
# The last block's set-up is shared with test-stream-readable-data.js:
# tests/node/_twins/stream_siblings.py.
from nodekit import next_tick, set_immediate
from nodekit.stream import PassThrough, Readable
from tests.node._twins.stream_siblings import readable_without_its_readable_listener


def test_pause_in_data_and_resume_later(common):
    def main():
        state = {"ticks": 18, "expected": 19}

        def read(size):
            state["ticks"] -= 1
            if state["ticks"] + 1 > 0:
                return next_tick(lambda: rs.push({}))
            rs.push({})
            rs.push(None)

        rs = Readable(object_mode=True, read=read)
        rs.on("end", common.must_call())

        def read_and_pause():
            def ondata(data):
                rs.pause()
                state["expected"] -= 1
                if state["expected"] <= 0:
                    return

                def later():
                    rs.remove_listener("data", wrapped)
                    read_and_pause()
                    rs.resume()

                set_immediate(later)

            wrapped = common.must_call(ondata)  # only called once
            rs.on("data", wrapped)

        read_and_pause()

    common.run(main)


def test_pause_sticks_after_a_removed_readable_listener(common):
    def main():
        readable = readable_without_its_readable_listener()
        readable.pause()

        def later():
            assert readable.is_paused()

        next_tick(common.must_call(later))

    common.run(main)


def test_piped_source_not_paused_at_drain(common):
    def main():
        source3 = PassThrough()
        target3 = PassThrough()
        chunk = bytes(1000)
        while target3.write(chunk):
            pass
        source3.pipe(target3)

        def on_drain():
            assert not source3.is_paused()

        target3.on("drain", common.must_call(on_drain))
        target3.on("data", lambda d: None)

    common.run(main)
