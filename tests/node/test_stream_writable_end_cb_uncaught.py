# Port of Node v20 test/parallel/test-stream-writable-end-cb-uncaught.js.
# Deviations: the process listener is removed at the end of the test.
from nodekit.stream import Writable
from tests.node._streams import message_is, on_uncaught


def test_final_error_reaches_end_callback_and_is_uncaught(common):
    err = Exception("kaboom")

    def main():
        writable = Writable()
        writable._write = lambda chunk, encoding, cb: cb()
        writable._final = lambda cb: cb(err)
        writable.write("asd")

        def on_end(e):
            assert e is err

        writable.end(common.must_call(on_end))

    with on_uncaught(common, message_is("kaboom")):
        common.run(main)
