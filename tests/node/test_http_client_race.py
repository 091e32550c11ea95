# Port of Node v20 test/parallel/test-http-client-race.js.
# Deviations: the bodies are checked after run() (Node: at exit).
from nodekit import http
from tests.node._common import at

BODY1 = "1111111111111111"
BODY2 = "22222"


def test_second_request_from_the_first_end(common):
    body1, body2 = [], []

    def main():
        def handler(req, res):
            body = BODY1 if req.url.split("?")[0] == "/1" else BODY2
            res.write_head(200, {"Content-Type": "text/plain", "Content-Length": len(body)})
            res.end(body)

        server = http.create_server(handler)

        def go(port):
            req1 = http.request(at(port, path="/1"))
            req1.end()

            def on_res1(res1):
                res1.set_encoding("utf8")
                res1.on("data", body1.append)

                def on_end1():
                    req2 = http.request(at(port, path="/2"))
                    req2.end()

                    def on_res2(res2):
                        res2.set_encoding("utf8")
                        res2.on("data", body2.append)
                        res2.on("end", lambda: server.close())

                    req2.on("response", on_res2)

                res1.on("end", on_end1)

            req1.on("response", on_res1)

        common.listen(server, go)

    common.run(main)
    assert "".join(body1) == BODY1
    assert "".join(body2) == BODY2
