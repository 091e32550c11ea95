# Port of Node v20 test/parallel/test-stream-readable-resume-hwm.js.
# Deviations: none beyond Python spelling.
from nodekit.stream import Readable


def test_resume_over_hwm_does_not_read(common):
    def main():
        readable = Readable(read=common.must_not_call("_read"), high_water_mark=100)
        for _ in range(10):
            readable.push("a" * 200)
        readable.resume()
        readable.once("data", common.must_call(lambda d: readable.pause()))

    common.run(main)
