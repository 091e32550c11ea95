# Port of Node v20 test/parallel/test-stream-writable-finish-destroyed.js.
# Deviations: none beyond Python spelling.
from nodekit.stream import Writable


def test_no_finish_after_destroy_with_end_pending(common):
    def main():
        def write(chunk, encoding, cb):
            w.on("close", common.must_call(lambda: cb()))

        w = Writable(write=common.must_call(write))
        w.on("finish", common.must_not_call("finish"))
        w.end("asd")
        w.destroy()

    common.run(main)


def test_no_finish_when_end_follows_destroy(common):
    def main():
        def write(chunk, encoding, cb):
            def on_close():
                cb()
                w.end()

            w.on("close", common.must_call(on_close))

        w = Writable(write=common.must_call(write))
        w.on("finish", common.must_not_call("finish"))
        w.write("asd")
        w.destroy()

    common.run(main)


def test_no_finish_for_end_then_destroy(common):
    def main():
        w = Writable(write=lambda *a: None)
        w.on("finish", common.must_not_call("finish"))
        w.end()
        w.destroy()

    common.run(main)
