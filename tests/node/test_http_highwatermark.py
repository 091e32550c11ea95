# Port of Node v20 test/parallel/test-http-highwatermark.js.
# Deviations: Node watches its private pause machinery (the socket's
# 'pause' event, req.connection._paused, parser.resume); NodeKit's server
# pauses through the net layer's own hook, which is not observable. The port
# keeps what a user sees: two pipelined requests, each response writing 200
# times the socket's high-water mark, and both responses reach a client
# that only starts reading after it sent both (and its FIN: as in Node, the
# test checks the responses start, not that both bodies are whole). write() must say False
# for the second response, queued behind the first; for the first, Node's
# answer depends on how much the kernel takes at once (a loopback socket may
# take all 3 MiB), so the port does not assert it.
# The requests carry a Host line (Node's have none and would get 400 from a
# v20 server, whose requireHostHeader is on).
from nodekit import http, net, runtime


def test_pipelined_responses_past_the_high_water_mark(common):
    def main():
        sizes = []

        def handler(req, res):
            enough = req.connection.writable_high_water_mark
            body = "x" * (enough * 200)
            sizes.append(len(body))
            ok = res.write(body)
            if len(sizes) == 2:
                assert not ok, "res.write must return False past the high-water mark"
            res.end()

        server = http.create_server(common.must_call(handler, 2))

        def go(port):
            c = net.create_connection(port, common.HOST)
            got = []

            def on_connect():
                c.pause()
                c.write("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
                c.write("GET / HTTP/1.1\r\nHost: a\r\n\r\n",
                        lambda *_: runtime.set_immediate(c.resume))
                c.end()

            def on_end():
                data = b"".join(got)
                assert data.count(b"HTTP/1.1 200 OK") == 2
                server.close()

            c.on("connect", on_connect)
            c.on("data", got.append)
            c.on("end", common.must_call(on_end))

        common.listen(server, go)

    common.run(main)
