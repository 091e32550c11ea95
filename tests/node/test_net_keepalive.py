# Port of Node v20 test/parallel/test-net-keepalive.js.
# Deviations: 127.0.0.1.
from nodekit import net, set_timeout
from tests.node._common import HOST


def test_keep_alive_on_an_accepted_connection(common):
    def main():
        conns = {}

        def on_connection(connection):
            conns["server"] = connection

            def later():
                assert conns["server"].ready_state == "open"
                assert conns["client"].ready_state == "open"
                conns["server"].end()
                conns["client"].end()
                echo_server.close()

            set_timeout(common.must_call(later), 100)
            connection.set_timeout(0)
            assert connection.set_keep_alive is not None
            connection.set_keep_alive(True, 50)
            connection.on("end", lambda *_: connection.end())

        echo_server = net.create_server(on_connection)
        echo_server.listen(0, HOST)

        def on_listening():
            conns["client"] = net.create_connection(echo_server.address()["port"], HOST)
            conns["client"].set_timeout(0)

        echo_server.on("listening", on_listening)

    common.run(main)
