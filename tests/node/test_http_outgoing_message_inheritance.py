# Port of Node v20 test/parallel/test-http-outgoing-message-inheritance.js.
# Deviations: Node overrides the private _implicitHeader and sets the
# private ws._httpMessage; the subclass here only sets socket/connection.
import pytest

from nodekit import http, set_immediate, stream


@pytest.mark.xfail(strict=True, reason=(
                   "an OutgoingMessage subclass whose socket is a plain stream.Writable "
                   "cannot write: NodeKit writes through net.Socket internals; Node "
                   "writes through any Writable"))
def test_subclass_writes_through_a_plain_writable(common):
    def main():
        class Response(http.OutgoingMessage):
            pass

        res = Response()
        first = [True]

        def write(chunk, encoding, callback):
            if first[0]:
                assert bytes(chunk).endswith(b"hello world")
                first[0] = False
            else:
                assert len(chunk) == 0
            set_immediate(callback)

        ws = stream.Writable(write=common.must_call(write, 2))
        res.socket = ws
        res.connection = ws
        res.end("hello world")

    common.run(main, timeout=2)
