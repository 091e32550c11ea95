# Port of Node v20 test/parallel/test-http-content-length.js.
# Deviations: none.

from nodekit import http
from tests.node._common import at

MULTIPLE = {"connection": "keep-alive", "transfer-encoding": "chunked"}
END_WITH_DATA = {"connection": "keep-alive", "content-length": str(len("hello world"))}
END_NO_DATA = {"connection": "keep-alive", "content-length": "0"}


def test_framing_chosen_from_writes_on_both_sides(common):
    def main():
        left = [3]

        def handler(req, res):
            res.remove_header("Date")
            res.set_header("Keep-Alive", "timeout=1")
            headers = {k: v for k, v in req.headers.items() if k != "host"}
            url = req.url[1:]
            if url == "multiple-writes":
                assert headers == MULTIPLE
                res.write("hello")
                res.end("world")
            elif url == "end-with-data":
                assert headers == END_WITH_DATA
                res.end("hello world")
            elif url == "empty":
                assert headers == END_NO_DATA
                res.end()
            else:
                raise AssertionError("Unreachable")
            left[0] -= 1
            if left[0] == 0:
                server.close()

        server = http.create_server(common.must_call(handler, 3))

        def check(expected):
            def on_response(res):
                assert res.headers == {**expected, "keep-alive": "timeout=1"}
                res.resume()

            return common.must_call(on_response)

        def go(port):
            req = http.request(at(port, method="POST", path="/multiple-writes"))
            req.remove_header("Date")
            req.write("hello ")
            req.end("world")
            req.on("response", check(MULTIPLE))
            req = http.request(at(port, method="POST", path="/end-with-data"))
            req.remove_header("Date")
            req.end("hello world")
            req.on("response", check(END_WITH_DATA))
            req = http.request(at(port, method="POST", path="/empty"))
            req.remove_header("Date")
            req.end()
            req.on("response", check(END_NO_DATA))

        common.listen(server, go)

    common.run(main)
