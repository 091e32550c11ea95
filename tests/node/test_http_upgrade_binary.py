# Port of Node v20 test/parallel/test-http-upgrade-binary.js.
# Deviations: none; the 101 response has a Transfer-Encoding header and one
# byte 0x80 after the head, which must arrive as `head`.

from nodekit import http, net


def test_upgrade_head_keeps_a_binary_byte(common):
    def main():
        def on_connection(conn):
            conn.write("HTTP/1.1 101 Switching Protocols\r\n"
                       "Connection: upgrade\r\n"
                       "Transfer-Encoding: chunked\r\n"
                       "Upgrade: websocket\r\n"
                       "\r\n"
                       "\u0080", "latin1")
            server.close()

        server = net.create_server(common.must_call(on_connection))

        def on_listening():
            def on_upgrade(res, conn, head):
                assert len(head) == 1
                assert head[0] == 128
                conn.destroy()

            http.get({"host": common.HOST, "port": server.address()["port"],
                      "headers": {"Connection": "upgrade", "Upgrade": "websocket"}}
                     ).on("upgrade", common.must_call(on_upgrade))

        server.listen(0, common.HOST, common.must_call(on_listening))

    common.run(main, timeout=1)
