# Port of Node v20 test/parallel/test-stream-error-once.js.
# Deviations: none beyond Python spelling.
from nodekit.stream import Readable, Writable


def test_write_after_end_errors_once(common):
    def main():
        writable = Writable()
        writable.on("error", common.must_call())
        writable.end()
        writable.write("h")
        writable.write("h")

    common.run(main)


def test_push_after_eof_errors_once(common):
    def main():
        readable = Readable()
        readable.on("error", common.must_call())
        readable.push(None)
        readable.push("h")
        readable.push("h")

    common.run(main)
