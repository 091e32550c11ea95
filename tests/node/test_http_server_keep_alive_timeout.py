# Port of Node v20 test/parallel/test-http-server-keep-alive-timeout.js.
# Deviations: the server timeout is 200 ms (Node: 500); keep_alive_timeout
# 50 ms as in Node. The half-open client ends its side when the server's
# side ends (Node's process exits with it still half-open; NodeKit's run()
# waits for every open socket).
import pytest

from nodekit import http, net


@pytest.mark.parametrize("with_pipeline", [True, False])
def test_keep_alive_timeout_with_three_pipelined_requests(with_pipeline, common):
    def main():
        state = {"got_all": False, "timed_out": False}

        def done(socket):
            socket.destroy()
            server.close()

        def handler(req, res):
            if with_pipeline:
                res.end()
            if req.url == "/3":
                state["got_all"] = True
                if state["timed_out"]:
                    done(req.socket)

        server = http.create_server(common.must_call(handler, 3))

        def on_timeout(socket):
            if not state["timed_out"]:
                state["timed_out"] = True
                if state["got_all"]:
                    done(socket)

        server.set_timeout(200, common.must_call_at_least(on_timeout))
        server.keep_alive_timeout = 50

        def go(port):
            c = net.connect({"port": port, "host": common.HOST, "allow_half_open": True})

            def on_connect():
                c.write("GET /1 HTTP/1.1\r\nHost: localhost\r\n\r\n")
                c.write("GET /2 HTTP/1.1\r\nHost: localhost\r\n\r\n")
                c.write("GET /3 HTTP/1.1\r\nHost: localhost\r\n\r\n")

            c.on("connect", on_connect)
            c.on("end", lambda: c.end())
            c.resume()
            box["c"] = c

        box = {}
        common.listen(server, go)

    common.run(main, timeout=5)
