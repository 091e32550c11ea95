# Port of Node v20 test/parallel/test-http-upgrade-client.js.
# Deviations: none (Node's Countdown is a counter).
# The raw 101 server is shared with its sibling port: tests/node/_twins/upgrade.py.
from nodekit import http
from tests.node._common import at
from tests.node._twins.upgrade import switching_server

EXPECTED_RECV_DATA = b"nurtzo"


def test_upgrade_with_dict_and_array_headers(common):
    def main():
        server = switching_server(EXPECTED_RECV_DATA)

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
