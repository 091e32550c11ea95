# Port of Node v20 test/parallel/test-net-socket-destroy-send.js.
# Deviations: 127.0.0.1.
from nodekit import net
from tests.node._common import HOST


def test_write_after_destroy_calls_back_with_an_error(common):
    def main():
        server = net.create_server()

        def on_listening(port):
            conn = net.create_connection(port, HOST)

            def on_connect():
                assert conn.destroy().destroy() is conn
                conn.on("error", common.must_not_call("error"))
                conn.write(b"kaboom", common.expects_error(
                    code="ERR_STREAM_DESTROYED",
                    message="Cannot call write after a stream was destroyed"))
                server.close()

            conn.on("connect", common.must_call(on_connect))

        common.listen(server, on_listening)

    common.run(main)
