# Port of Node v20 test/parallel/test-http-pause.js.
# Deviations: the results are checked after run() (Node: at exit).
from nodekit import http, set_timeout
from tests.node._common import at

EXPECTED_SERVER = "Request Body from Client"
EXPECTED_CLIENT = "Response Body from Server"


def test_paused_request_and_response_resume_later(common):
    server_in, client_in = [], []

    def main():
        def handler(req, res):
            req.pause()

            def later():
                req.resume()
                req.set_encoding("utf8")
                req.on("data", server_in.append)

                def on_end():
                    res.write_head(200)
                    res.end(EXPECTED_CLIENT)

                req.on("end", on_end)

            set_timeout(later, 100)

        server = http.create_server(handler)

        def go(port):
            def on_response(res):
                res.pause()

                def later():
                    res.resume()
                    res.on("data", client_in.append)
                    res.on("end", lambda: server.close())

                set_timeout(later, 100)

            http.request(at(port, path="/", method="POST"), on_response).end(EXPECTED_SERVER)

        common.listen(server, go)

    common.run(main)
    assert "".join(server_in) == EXPECTED_SERVER
    assert b"".join(client_in).decode() == EXPECTED_CLIENT
