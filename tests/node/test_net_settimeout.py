# Port of Node v20 test/parallel/test-net-settimeout.js.
# Deviations: 127.0.0.1 (Node: 'localhost').
from nodekit import net, set_timeout
from tests.node._common import HOST

T = 100


def test_set_timeout_zero_cancels(common):
    def main():
        server = net.create_server(common.must_call(lambda c: c.write("hello")))

        def on_listening(port):
            socket = net.create_connection(port, HOST)
            s = socket.set_timeout(T, common.must_not_call("timeout callback"))
            assert isinstance(s, net.Socket)

            def on_data(_):
                def later():
                    socket.destroy()
                    server.close()

                set_timeout(later, T * 2)

            socket.on("data", common.must_call(on_data))
            socket.set_timeout(0)

        common.listen(server, on_listening)

    common.run(main)
