# Port of Node v20 test/parallel/test-stream-writable-writable.js.
# Deviations: none beyond Python spelling.
from nodekit import next_tick
from nodekit.stream import Writable


def test_writable_flag(common):
    def main():
        w = Writable(write=lambda *a: None)
        assert w.writable is True
        w.destroy()
        assert w.writable is False

        w2 = Writable(write=common.must_call(lambda chunk, enc, cb: cb(Exception())))
        assert w2.writable is True
        w2.write("asd")
        assert w2.writable is False
        w2.on("error", common.must_call())

        def write3(chunk, encoding, callback):
            def later():
                callback(Exception())
                assert w3.writable is False

            next_tick(later)

        w3 = Writable(write=common.must_call(write3))
        w3.write("asd")
        w3.on("error", common.must_call())

        w4 = Writable(write=common.must_not_call("write"))
        assert w4.writable is True
        w4.end()
        assert w4.writable is False

    common.run(main)
