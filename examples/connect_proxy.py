"""The seed's HTTP tunnelling proxy: `CONNECT host:port` opens a TCP tunnel.

`nodekit examples/connect_proxy.py [port]`; `examples/connect_client.py` uses it.
"""

import sys

from nodekit import http, net

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 1337


def on_request(req, res):
    res.write_head(200, {"Content-Type": "text/plain"})
    res.end("okay")


def on_connect(req, client_socket, head):
    host, _, port = req.url.rpartition(":")

    def on_origin_connected():
        client_socket.write(b"HTTP/1.1 200 Connection Established\r\n"
                            b"Proxy-agent: NodeKit-Proxy\r\n"
                            b"\r\n")
        origin.write(head)
        origin.pipe(client_socket)
        client_socket.pipe(origin)

    origin = net.connect(int(port or 80), host.strip("[]") or "localhost", on_origin_connected)
    origin.on("error", lambda err: client_socket.destroy())
    client_socket.on("error", lambda err: origin.destroy())


proxy = http.create_server(on_request)
proxy.on("connect", on_connect)
proxy.listen(PORT, "127.0.0.1",
             lambda: print(f"proxy listening on 127.0.0.1:{proxy.address()['port']}", flush=True))
