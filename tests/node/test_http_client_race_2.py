# Port of Node v20 test/parallel/test-http-client-race-2.js.
# Deviations: none (url.parse(req.url).pathname: the paths carry no query).
from nodekit import http, set_timeout
from tests.node._common import HOST

BODIES = {"/1": "1111111111111111", "/2": "22222"}
BODY3 = "3333333333333333333"


def test_a_parser_is_not_reused_while_its_response_closes(common):
    got = {"/1": "", "/2": "", "/3": ""}

    def main():
        def handler(req, res):
            body = BODIES.get(req.url, BODY3)
            res.write_head(200, {"Content-Type": "text/plain", "Content-Length": len(body)})
            res.end(body)

        server = http.create_server(handler)
        server.listen(0, HOST)

        def get(path, then):
            req = http.get({"host": HOST, "port": server.address()["port"], "path": path})

            def on_response(res):
                res.set_encoding("utf8")

                def on_data(chunk):
                    got[path] += chunk

                res.on("data", on_data)
                res.on("end", lambda *_: then())

            req.on("response", on_response)

        def after_1():
            # Delay a little so that the 'close' of the first is processed.
            set_timeout(lambda: get("/2", lambda: get("/3", server.close)), 500)

        server.on("listening", lambda: get("/1", after_1))

    common.run(main)
    assert got == {"/1": BODIES["/1"], "/2": BODIES["/2"], "/3": BODY3}
