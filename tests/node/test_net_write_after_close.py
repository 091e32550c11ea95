# Port of Node v20 test/parallel/test-net-write-after-close.js.
# Deviations: 127.0.0.1.
from nodekit import net
from tests.node._common import HOST


def test_write_after_peer_closed_calls_back_with_error(common):
    def main():
        box = {}

        def handler(socket):
            box["server_socket"] = socket
            socket.resume()
            socket.on("error", common.must_not_call("server socket error"))

        server = net.create_server(common.must_call(handler))

        def on_listening(port):
            def on_connect():
                # end() closes both sides (allow_half_open is False); 'end'
                # comes with the peer's FIN.
                def on_end():
                    def on_written(err=None):
                        assert err is not None
                        server.close()

                    box["server_socket"].write("test", common.must_call(on_written))

                client.on("end", common.must_call(on_end))
                client.end()

            client = net.connect(port, HOST, on_connect)

        common.listen(server, on_listening)

    common.run(main)
