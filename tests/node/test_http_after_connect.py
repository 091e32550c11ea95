# Port of Node v20 test/parallel/test-http-after-connect.js.
# Deviations: none.
from nodekit import http, set_timeout
from tests.node._common import at


def test_requests_after_a_connect_tunnel_closed(common):
    def main():
        def handler(req, res):
            req.resume()
            res.write_head(200)
            res.write("")
            set_timeout(lambda: res.end(req.url), 50)

        server = http.create_server(common.must_call(handler, 2))
        left = [2]

        def on_connect(req, socket, head):
            socket.write("HTTP/1.1 200 Connection established\r\n\r\n")
            socket.resume()
            socket.on("end", lambda: socket.end())

        server.on("connect", common.must_call(on_connect))

        def do_request(port, i):
            def on_response(res):
                data = []
                res.set_encoding("utf8")
                res.on("data", data.append)

                def on_end():
                    assert "".join(data) == f"/request{i}"
                    left[0] -= 1
                    if left[0] == 0:
                        server.close()

                res.on("end", common.must_call(on_end))

            http.get(at(port, path=f"/request{i}"), common.must_call(on_response))

        def go(port):
            req = http.request(at(port, method="CONNECT", path="google.com:80"))

            def on_tunnel(res, socket, head):
                socket.end()
                socket.on("end", common.must_call(
                    lambda: (do_request(port, 0), do_request(port, 1))))
                socket.resume()

            req.on("connect", common.must_call(on_tunnel))
            req.end()

        common.listen(server, go)

    common.run(main)
