# Port of Node v20 test/parallel/test-stream-pipe-error-unhandled.js.
# Deviations: the process listener is removed at the end of the test.
from nodekit.stream import Readable, Writable
from tests.node._streams import message_is, on_uncaught


def test_destroy_error_of_piped_writable_is_uncaught(common):
    def main():
        r = Readable(read=lambda size: r.push("asd"))
        w = Writable(auto_destroy=True, write=lambda chunk, enc, cb: None)
        r.pipe(w)
        w.destroy(Exception("asd"))

    with on_uncaught(common, message_is("asd")):
        common.run(main)
