# Port of Node v20 test/parallel/test-http-pipeline-flood.js.
# Deviations: Node's child process (a net client that pipelines requests
# until write() returns false, and again at 'drain') is a net client in the
# same loop; child.kill() is client.destroy() and the child's 'close' is the
# client's. A request is 10,240 x the head (as in Node). Node's mustCall on
# the child's 'drain' (exactly one) counts what the kernel buffers on the
# loopback, which differs from machine to machine: here 'drain' is not
# counted; instead the port checks that the server stopped reading: it read
# less than the client wrote (one 64 KiB read of the ~5 MB sent, on this
# machine), and no 'data' came after the first backlog (res.write() returning
# False; on NodeKit the answers queue behind the blocked one instead, so
# that listener may never be added).
from nodekit import http, net, set_immediate

BIG_RESPONSE = b"x" * 10240


def test_a_pipelining_client_that_never_reads_is_not_read_either(common):
    box = {}

    def main():
        backlogged = [0]

        def handler(req, res):
            box["server_socket"] = req.socket
            res.set_header("content-length", len(BIG_RESPONSE))
            if not res.write(BIG_RESPONSE):
                if backlogged[0] == 0:
                    set_immediate(lambda: req.socket.on(
                        "data", common.must_not_call("Unexpected data received")))
                backlogged[0] += 1
            res.end()

        server = http.create_server(handler)
        server.on("connection", common.must_call())

        def go(port):
            conn = net.connect(port, common.HOST)
            box["child"] = conn
            request = (f"GET / HTTP/1.1\r\nHost: localhost:{port}\r\nAccept: */*\r\n\r\n"
                       * 10240)

            def write(*_):
                while conn.write(request, "ascii") is not False:
                    pass

            conn.on("connect", write)
            conn.on("drain", write)
            conn.on("close", common.must_call(lambda *_: server.close()))
            conn.on("error", lambda err: None)
            server.set_timeout(200, common.must_call_at_least(lambda *_: conn.destroy()))

        common.listen(server, go)

    common.run(main, timeout=20)
    assert box["server_socket"].bytes_read < box["child"].bytes_written
