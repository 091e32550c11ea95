# Port of Node v20 test/parallel/test-http-server-close-idle-wait-response.js.
# Deviations: the server answers after 300 ms (Node: 1000) and
# close_idle_connections() runs 150 ms after the request finished (Node:
# 500): the order of events is the same.
from nodekit import http, set_timeout
from tests.node._common import at


def test_close_idle_connections_spares_a_request_in_progress(common):
    def main():
        def handler(req, res):
            req.resume()

            def answer():
                res.write_head(204, {"Connection": "keep-alive", "Keep-Alive": "timeout=1"})
                res.end()

            set_timeout(common.must_call(answer), 300)

        server = http.create_server(common.must_call(handler))

        def go(port):
            def on_finish():
                set_timeout(common.must_call(lambda: server.close_idle_connections()), 150)

            http.get(at(port), common.must_call(lambda res: server.close())).on(
                "finish", common.must_call(on_finish))

        common.listen(server, go)

    common.run(main)
