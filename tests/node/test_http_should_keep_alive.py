# Port of Node v20 test/parallel/test-http-should-keep-alive.js.
# Deviations: a fresh Agent(max_sockets=5) stands in for the global agent
# (Node sets globalAgent.maxSockets = 5); req.shouldKeepAlive is
# req.should_keep_alive.

from nodekit import http, net
from tests.node._common import at

RESPONSES = [
    "HTTP/1.0 200 ok\r\nContent-Length: 0\r\n\r\n",
    "HTTP/1.0 200 ok\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n",
    "HTTP/1.0 200 ok\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    "HTTP/1.1 200 ok\r\nContent-Length: 0\r\n\r\n",
    "HTTP/1.1 200 ok\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n",
    "HTTP/1.1 200 ok\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
]
KEEP = [False, True, False, True, True, False]


def test_should_keep_alive_follows_version_and_connection(common):
    def main():
        agent = http.Agent(max_sockets=5)
        index = [0]

        def on_connection(socket):
            socket.write(RESPONSES[index[0]])
            if KEEP[index[0]]:
                socket.end()

        server = net.create_server(on_connection)

        def go(port):
            def make_request():
                def on_response(res):
                    i = index[0]
                    assert req.should_keep_alive == KEEP[i], RESPONSES[i]
                    index[0] += 1
                    if index[0] < len(RESPONSES):
                        make_request()
                    else:
                        server.close()
                        agent.destroy()
                    res.resume()

                req = http.get(at(port, agent=agent), on_response)

            make_request()

        common.listen(server, go)

    common.run(main, timeout=1)
