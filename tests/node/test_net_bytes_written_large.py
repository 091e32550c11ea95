# Port of Node v20 test/parallel/test-net-bytes-written-large.js.
# Deviations: N is 1 MB (Node: 10 MB), to keep the port fast; 127.0.0.1.
import pytest

from nodekit import net
from tests.node._common import HOST

N = 1_000_000


def _variant(common, write):
    def main():
        def handler(socket):
            write(socket, N)

        server = net.create_server(common.must_call(handler))

        def on_listening(port, expect):
            client = net.connect(port, HOST)
            client.resume()

            def on_close(*_):
                assert client.bytes_read == expect
                server.close()

            client.on("close", common.must_call(on_close))

        expect = 2 * N if write is _writev else N
        common.listen(server, lambda port: on_listening(port, expect))

    common.run(main)


def _end_buffer(socket, n):
    socket.end(bytes(n), _check(socket, n))
    assert socket.bytes_written == n


def _end_string(socket, n):
    socket.end("a" * n, _check(socket, n))
    assert socket.bytes_written == n


def _writev(socket, n):
    socket.cork()
    socket.write("a" * n)
    assert socket.bytes_written == n
    socket.write(bytes(n))
    assert socket.bytes_written == 2 * n
    socket.end("", _check(socket, 2 * n))
    socket.uncork()


CALLED = []


def _check(socket, n):
    def on_end(*_):
        CALLED.append(n)
        assert socket.bytes_written == n

    return on_end


@pytest.mark.parametrize("write", [_end_buffer, _end_string, _writev],
                         ids=["buffer", "string", "writev"])
def test_bytes_written_after_a_large_write(common, write):
    CALLED.clear()
    _variant(common, write)
    assert len(CALLED) == 1  # the end() callback ran once
