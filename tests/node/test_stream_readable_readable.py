# Port of Node v20 test/parallel/test-stream-readable-readable.js.
# Deviations: none beyond Python spelling.
from nodekit import next_tick
from nodekit.stream import Readable


def test_readable_flag_after_destroy(common):
    def main():
        r = Readable(read=lambda size: None)
        assert r.readable is True
        r.destroy()
        assert r.readable is False

    common.run(main)


def test_readable_flag_until_end(common):
    def main():
        never = common.must_not_call("end")
        r = Readable(read=lambda size: None)
        assert r.readable is True
        r.on("end", never)
        r.resume()
        r.push(None)
        assert r.readable is True
        r.off("end", never)

        def on_end():
            assert r.readable is False

        r.on("end", common.must_call(on_end))

    common.run(main)


def test_readable_flag_after_destroy_with_error(common):
    def main():
        def read(size):
            def later():
                r.destroy(Exception())
                assert r.readable is False

            next_tick(later)

        r = Readable(read=common.must_call(read))
        r.resume()

        def on_error(err):
            assert r.readable is False

        r.on("error", common.must_call(on_error))

    common.run(main)
