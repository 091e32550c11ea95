# Port of Node v20 test/parallel/test-net-client-bind-twice.js.
# Deviations: none beyond Python spelling.
from nodekit import net
from tests.node._common import HOST


def test_local_port_in_use_gives_eaddrinuse(common):
    def main():
        server1 = net.create_server(common.must_not_call())

        def on_listening1():
            server2 = net.create_server(common.must_not_call())

            def on_listening2():
                client = net.connect({
                    "host": HOST,
                    "port": server1.address()["port"],
                    "local_address": HOST,
                    "local_port": server2.address()["port"],
                }, common.must_not_call())

                def on_error(err):
                    assert err.code == "EADDRINUSE"
                    server1.close()
                    server2.close()

                client.on("error", common.must_call(on_error))

            server2.listen(0, HOST, common.must_call(on_listening2))

        server1.listen(0, HOST, common.must_call(on_listening1))

    common.run(main)
