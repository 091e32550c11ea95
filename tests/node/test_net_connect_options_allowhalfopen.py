# Port of Node v20 test/parallel/test-net-connect-options-allowhalfopen.js.
# Deviations: the 50 ms timers are 20 ms.
from nodekit import net, set_timeout
from tests.node._common import HOST

CLIENT_VARIANTS = 6


def test_half_open_clients_write_after_the_server_fin(common):
    counts = {"server_fin": 0, "client_closed": 0, "client_fin": 0, "connections": 0}

    def main():
        def on_connection(socket):
            counts["connections"] += 1
            socket.resume()
            socket.on("data", common.must_call())

            def on_end():
                counts["server_fin"] += 1
                if counts["server_fin"] == CLIENT_VARIANTS:
                    set_timeout(server.close, 20)

            # 'end' on each socket must not be emitted twice.
            socket.on("end", common.must_call(on_end))
            socket.end()

        def client_on_connect(index, client_box):
            def on_connect():
                client = client_box[0]
                client.resume()

                def on_end():
                    def later():
                        # Half-open: still writable after the server's FIN.
                        assert not client.readable
                        assert client.writable
                        assert client.write(str(index))
                        client.end()
                        counts["client_fin"] += 1

                    set_timeout(later, 20)

                def on_close(*_):
                    counts["client_closed"] += 1

                client.on("end", common.must_call(on_end))
                client.on("close", common.must_call(on_close))

            return common.must_call(on_connect)

        def on_listen(port):
            opts = {"allow_half_open": True, "host": HOST, "port": port}
            variants = (
                lambda cb: net.connect(opts, cb),
                lambda cb: net.connect(opts).on("connect", cb),
                lambda cb: net.create_connection(opts, cb),
                lambda cb: net.create_connection(opts).on("connect", cb),
                lambda cb: net.Socket(opts).connect(opts, cb),
                lambda cb: net.Socket(opts).connect(opts).on("connect", cb),
            )
            for index, make in enumerate(variants, 1):
                box = []
                box.append(make(client_on_connect(index, box)))

        server = net.create_server({"allow_half_open": True})
        server.on("connection", common.must_call(on_connection, n=CLIENT_VARIANTS))
        server.on("close", common.must_call())
        common.listen(server, on_listen)

    common.run(main)
    assert counts == {"server_fin": 6, "client_closed": 6, "client_fin": 6, "connections": 6}
