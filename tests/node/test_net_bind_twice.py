# Port of Node v20 test/parallel/test-net-bind-twice.js.
# Deviations: none beyond Python spelling.
from nodekit import net
from tests.node._common import HOST


def test_second_listen_on_a_bound_port_is_eaddrinuse(common):
    def main():
        server1 = net.create_server(common.must_not_call("server1 connection"))

        def on_listening(port):
            server2 = net.create_server(common.must_not_call("server2 connection"))
            server2.listen(port, HOST, common.must_not_call("server2 listening"))

            def on_error(e):
                assert e.code == "EADDRINUSE"
                server1.close()

            server2.on("error", common.must_call(on_error))

        common.listen(server1, on_listening)

    common.run(main)
