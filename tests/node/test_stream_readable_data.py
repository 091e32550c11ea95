# Port of Node v20 test/parallel/test-stream-readable-data.js.
# Deviations: none beyond Python spelling.
from nodekit import next_tick
from nodekit.stream import Readable


def test_data_after_a_removed_readable_listener(common):
    def main():
        readable = Readable(read=lambda size: None)

        def read():
            pass

        readable.set_encoding("utf8")
        readable.on("readable", read)
        readable.remove_listener("readable", read)

        def later():
            readable.on("data", common.must_call())
            readable.push("hello")

        next_tick(later)

    common.run(main)
