# Port of Node v20 test/parallel/test-stream-readable-error-end.js.
# Deviations: none beyond Python spelling.
from nodekit.stream import Readable


def test_destroy_with_error_before_end(common):
    def main():
        r = Readable(read=lambda size: None)
        r.on("end", common.must_not_call("end"))
        r.on("data", common.must_call())
        r.on("error", common.must_call())
        r.push("asd")
        r.push(None)
        r.destroy(Exception("kaboom"))

    common.run(main)
