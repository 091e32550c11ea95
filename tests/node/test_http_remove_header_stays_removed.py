# Port of Node v20 test/parallel/test-http-remove-header-stays-removed.js.
# Deviations: the body is checked after run() (Node: at exit).
from nodekit import http, set_timeout
from tests.node._common import at


def test_removed_framing_headers_stay_removed(common):
    response = []

    def main():
        def handler(request, res):
            res.remove_header("connection")
            res.remove_header("transfer-encoding")
            res.remove_header("content-length")
            res.remove_header("date")
            res.set_header("date", "coffee o clock")
            res.end("beep boop\n")

        server = http.create_server(handler)

        def go(port):
            def on_response(res):
                assert res.status_code == 200
                assert res.headers == {"date": "coffee o clock"}
                res.set_encoding("ascii")

                def on_data(chunk):
                    response.append(chunk)
                    if "".join(response) == "beep boop\n":
                        def later():
                            assert res.socket.closed is True
                            server.close()

                        set_timeout(later, 15)

                res.on("data", on_data)

            http.get(at(port), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
    assert "".join(response) == "beep boop\n"
