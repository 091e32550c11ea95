# Port of Node v20 test/parallel/test-http-upgrade-client.js.
# Deviations: none (Node's Countdown is a counter).
from nodekit import http, net
from tests.node._common import at

EXPECTED_RECV_DATA = b"nurtzo"


def test_upgrade_with_dict_and_array_headers(common):
    def main():
        def on_connection(c):
            def on_data(d):
                c.write("HTTP/1.1 101\r\n")
                c.write("hello: world\r\n")
                c.write("connection: upgrade\r\n")
                c.write("upgrade: websocket\r\n")
                c.write("\r\n")
                c.write(EXPECTED_RECV_DATA)

            c.on("data", on_data)
            c.on("end", lambda: c.end())

        server = net.create_server(on_connection)

        def go():
            port = server.address()["port"]
            headers = [{"connection": "upgrade", "upgrade": "websocket"},
                       [["Host", "echo.websocket.org"], ["Connection", "Upgrade"],
                        ["Upgrade", "websocket"], ["Origin", "http://www.websocket.org"]]]
            left = [len(headers)]
            for h in headers:
                req = http.get(at(port, headers=h))
                saw = {"upgrade": False}

                def on_upgrade(res, socket, upgrade_head, saw=saw):
                    saw["upgrade"] = True
                    recv = [bytes(upgrade_head)]
                    socket.on("data", lambda d: recv.append(bytes(d)))
                    socket.on("close", common.must_call(
                        lambda *_: _eq(b"".join(recv), EXPECTED_RECV_DATA)))
                    assert res.headers == {"hello": "world", "connection": "upgrade",
                                           "upgrade": "websocket"}
                    socket.end()
                    left[0] -= 1
                    if left[0] == 0:
                        server.close()

                req.on("upgrade", common.must_call(on_upgrade))
                req.on("close", common.must_call(lambda saw=saw: _eq(saw["upgrade"], True)))

        server.listen(0, common.HOST, common.must_call(go))

    common.run(main)


def _eq(a, b):
    assert a == b
