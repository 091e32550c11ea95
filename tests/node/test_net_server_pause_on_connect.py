# Port of Node v20 test/parallel/test-net-server-pause-on-connect.js.
# Deviations: 127.0.0.1; the process 'exit' check runs after the loop.
from nodekit import net
from tests.node._common import HOST

MSG = "test"


def test_pause_on_connect_holds_data_until_resume(common):
    state = {"stopped": True, "sock1": None}

    def main():
        def server1_conn_handler(socket):
            def on_data(data):
                if state["stopped"]:
                    raise AssertionError("data event should not have happened yet")
                assert bytes(data).decode() == MSG
                socket.end()
                server1.close()

            socket.on("data", on_data)
            state["sock1"] = socket

        server1 = net.create_server({"pause_on_connect": True}, server1_conn_handler)

        def server2_conn_handler(socket):
            def on_data(data):
                assert bytes(data).decode() == MSG
                socket.end()
                server2.close()
                assert state["sock1"].bytes_read == 0
                state["sock1"].resume()
                state["stopped"] = False

            socket.on("data", on_data)

        server2 = net.create_server({"pause_on_connect": False}, server2_conn_handler)

        def on_listening1():
            def client_handler(*_):
                server2.listen(0, HOST, lambda: net.create_connection(
                    {"port": server2.address()["port"], "host": HOST}).write(MSG))

            net.create_connection({"port": server1.address()["port"], "host": HOST}).write(
                MSG, common.must_call(client_handler))

        server1.listen(0, HOST, on_listening1)

    common.run(main)
    assert state["stopped"] is False
