# Port of Node v20 test/parallel/test-net-connect-reset-after-destroy.js.
# Deviations: 127.0.0.1.
from nodekit import net
from tests.node._common import HOST


def test_write_after_reset_and_destroy(common):
    def main():
        server = net.create_server()

        def on_listening():
            conn = net.create_connection(server.address()["port"], HOST)

            def on_connection(socket):
                socket.on("error", common.expects_error(code="ECONNRESET",
                                                        message="read ECONNRESET"))

            server.on("connection", on_connection)

            def on_connect():
                assert conn.reset_and_destroy().destroy() is conn
                conn.on("error", common.must_not_call())
                conn.write(b"fzfzfzfzfz", common.expects_error(
                    code="ERR_STREAM_DESTROYED",
                    message="Cannot call write after a stream was destroyed"))
                server.close()

            conn.on("connect", common.must_call(on_connect))

        server.listen(0, HOST, common.must_call(on_listening))

    common.run(main)
