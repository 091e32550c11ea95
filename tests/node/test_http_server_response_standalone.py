# Port of Node v20 test/parallel/test-http-server-response-standalone.js.
# Deviations: the request stand-in is a SimpleNamespace (an object literal in JS).
# Node's end() writes an empty chunk last, to learn when the bytes are out;
# NodeKit does not, so the Writable's write() runs once (Node: twice, the
# second with an empty chunk) — the bytes on the stream are the same.
from types import SimpleNamespace

from nodekit import http, set_immediate, stream
from tests.node._common import raises


def test_response_on_a_plain_writable(common):
    def main():
        res = http.ServerResponse(SimpleNamespace(method="GET", http_version_major=1,
                                                  http_version_minor=1))
        def write(chunk, encoding, callback):
            assert bytes(chunk).startswith(b"HTTP/1.1 200 OK\r\n")
            assert bytes(chunk).endswith(b"\r\n\r\nhello world")
            set_immediate(callback)

        ws = stream.Writable(write=common.must_call(write, 1))
        res.assign_socket(ws)
        raises(lambda: res.assign_socket(ws), code="ERR_HTTP_SOCKET_ASSIGNED")
        res.end("hello world")

    common.run(main)
