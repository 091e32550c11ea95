# Port of Node v20 test/parallel/test-net-remote-address.js.
# Deviations: connects to 127.0.0.1; Node's `undefined` is None.
from nodekit import net
from tests.node._common import HOST


def test_remote_address_set_on_connect(common):
    def main():
        server = net.create_server()

        def on_listening(port):
            socket = net.connect({"port": port, "host": HOST})
            assert socket.connecting is True
            assert socket.remote_address is None

            def on_connect():
                assert socket.remote_address is not None
                socket.end()

            socket.on("connect", common.must_call(on_connect))
            socket.on("end", common.must_call(lambda: server.close()))

        common.listen(server, on_listening)

    common.run(main)
