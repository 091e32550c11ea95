# Port of Node v20 test/parallel/test-net-socket-byteswritten.js.
# Deviations: connects to 127.0.0.1.
from nodekit import net
from tests.node._common import HOST


def test_bytes_written_counts_a_corked_writev_before_connect(common):
    def main():
        server = net.create_server(lambda socket: socket.end())

        def on_listening(port):
            socket = net.connect(port, HOST)
            # Cork, then write twice: a writev, which once miscounted.
            socket.cork()
            socket.write("one")
            socket.write("twø".encode())
            socket.uncork()
            # one = 3 bytes, twø = 4 bytes
            assert socket.bytes_written == 3 + 4

            def on_end():
                assert socket.bytes_written == 3 + 4
                server.close()

            def on_connect():
                assert socket.bytes_written == 3 + 4

            socket.on("connect", common.must_call(on_connect))
            socket.on("end", common.must_call(on_end))

        common.listen(server, on_listening)

    common.run(main)
