# Port of Node v20 test/parallel/test-http-incoming-pipelined-socket-destroy.js.
# Deviations: none.
from nodekit import http, net, next_tick, set_immediate

SEEDS = [3, 1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4]


def test_pipelined_requests_whose_socket_is_destroyed(common):
    def main():
        left = [len(SEEDS)]

        def done():
            left[0] -= 1
            if left[0] == 0:
                server.close()

        def handler(req, res):
            def destroy_socket():
                req.socket.destroy()
                server.emit("requestDone")

            def destroy_res():
                res.destroy()
                server.emit("requestDone")

            def end_res():
                res.end("world!")
                server.emit("requestDone")

            if req.url == "/1":
                set_immediate(destroy_socket)
            elif req.url == "/2":
                next_tick(destroy_res)
            elif req.url == "/3":
                # In one case, actually send a response in 2 chunks.
                res.write("hello ")
                set_immediate(end_res)
            else:
                res.destroy()
                server.emit("requestDone")

        server = http.create_server(common.must_call(handler, len(SEEDS)))

        def go(port):
            client = net.connect({"port": port, "host": "127.0.0.1"})
            server.on("requestDone", done)
            # Write the pipelined requests at once: some will not have a
            # socket left to destroy.
            client.write("".join(f"GET /{r} HTTP/1.1\r\nHost: localhost:{port}\r\n\r\n\r\n"
                                 for r in SEEDS))

        common.listen(server, go)

    common.run(main)
