# Port of Node v20 test/parallel/test-http-no-read-no-dump.js.
# Deviations: none.
from nodekit import http


def test_a_post_the_server_answered_early_keeps_its_socket_until_sent(common):
    def main():
        on_pause = {}

        def handler(req, res):
            if req.method == "GET":
                return res.end()
            res.write_head(200)
            res.flush_headers()
            req.on("close", common.must_call(lambda *_: req.on("end", common.must_not_call())))

            def on_socket_pause(*_):
                res.end()
                on_pause["fn"]()

            req.connection.on("pause", on_socket_pause)

        server = http.create_server(handler)

        def go(port):
            agent = http.Agent(max_sockets=1, keep_alive=True)

            def on_post_response(res):
                res.resume()
                post.write(b"X" * (16 * 1024))
                on_pause["fn"] = lambda: post.end("something")

            post = http.request({"agent": agent, "method": "POST", "host": "127.0.0.1",
                                 "port": port}, common.must_call(on_post_response))
            # The server ends the response before `something` is sent, and the
            # client must not take that as a green light for the next GET.
            post.write("initial")

            def on_get_response(res):
                server.close()
                res.connection.end()

            http.request({"agent": agent, "method": "GET", "host": "127.0.0.1", "port": port},
                         common.must_call(on_get_response)).end()

        common.listen(server, go)

    common.run(main, timeout=3)
