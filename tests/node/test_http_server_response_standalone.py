# Port of Node v20 test/parallel/test-http-server-response-standalone.js.
# Deviations: the request stand-in is a SimpleNamespace (an object literal in JS).
from types import SimpleNamespace

import pytest

from nodekit import http, set_immediate, stream
from tests.node._common import raises


@pytest.mark.xfail(strict=True, reason=(
                   'ServerResponse.assign_socket() accepts only a net.Socket: on a plain '
                   'stream.Writable the first write fails with AttributeError '
                   "'_write_raw'; Node writes through any Writable"))
def test_response_on_a_plain_writable(common):
    def main():
        res = http.ServerResponse(SimpleNamespace(method="GET", http_version_major=1,
                                                  http_version_minor=1))
        first = [True]

        def write(chunk, encoding, callback):
            if first[0]:
                assert bytes(chunk).endswith(b"hello world")
                first[0] = False
            else:
                assert len(chunk) == 0
            set_immediate(callback)

        ws = stream.Writable(write=common.must_call(write, 2))
        res.assign_socket(ws)
        raises(lambda: res.assign_socket(ws), code="ERR_HTTP_SOCKET_ASSIGNED")
        res.end("hello world")

    common.run(main)
