# Port of Node v20 test/parallel/test-stream-readable-end-destroyed.js.
# Deviations: none beyond Python spelling.
from nodekit.stream import Readable


def test_no_end_after_destroy(common):
    def main():
        r = Readable()
        r.on("end", common.must_not_call("end"))
        r.resume()
        r.destroy()
        r.on("close", common.must_call(lambda: r.push(None)))

    common.run(main)
