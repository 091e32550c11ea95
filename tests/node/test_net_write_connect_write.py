# Port of Node v20 test/parallel/test-net-write-connect-write.js.
# Deviations: 127.0.0.1.
from nodekit import net
from tests.node._common import HOST


def test_write_before_and_after_connect_arrive_in_order(common):
    def main():
        server = net.create_server(lambda socket: socket.pipe(socket))

        def on_listening(port):
            conn = net.connect(port, HOST)
            received = []
            conn.set_encoding("utf8")
            conn.write("before")
            conn.on("connect", lambda: conn.write(" after"))

            def on_data(buf):
                received.append(buf)
                conn.end()

            def on_end():
                server.close()
                assert "".join(received) == "before after"

            conn.on("data", on_data)
            conn.on("end", common.must_call(on_end))

        common.listen(server, on_listening)

    common.run(main)
