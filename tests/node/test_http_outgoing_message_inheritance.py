# Port of Node v20 test/parallel/test-http-outgoing-message-inheritance.js.
# Deviations: Node overrides the private _implicitHeader and sets the
# private ws._httpMessage: the port does the same under NodeKit's names
# (_implicit_header, and _http_message, a friend hook of net). Node v20 writes
# twice: the body, then end()'s empty chunk (the head was never rendered).
from nodekit import http, set_immediate, stream


def test_subclass_writes_through_a_plain_writable(common):
    def main():
        class Response(http.OutgoingMessage):
            def _implicit_header(self):
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
        ws._http_message = res
        res.connection = ws
        res.end("hello world")

    common.run(main, timeout=2)
