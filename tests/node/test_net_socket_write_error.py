# Port of Node v20 test/parallel/test-net-socket-write-error.js.
# Deviations: 127.0.0.1.
from nodekit import net
from tests.node._common import HOST, raises


def test_write_of_a_number_raises_type_error(common):
    def main():
        server = net.create_server()

        def connect_to_server(*_):
            def on_connect():
                client.on("error", common.must_not_call())
                raises(lambda: client.write(1337), code="ERR_INVALID_ARG_TYPE", cls=TypeError)
                client.destroy()

            client = net.create_connection(server.address()["port"], HOST, on_connect)
            client.on("close", lambda *_: server.close())

        server.listen(0, HOST, connect_to_server)

    common.run(main)
