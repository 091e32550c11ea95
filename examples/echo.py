"""A `net` echo server: `nodekit examples/echo.py [port]`, then `nc 127.0.0.1 7000`."""

import sys

from nodekit import net

PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 7000


def on_connection(socket):
    socket.write(b"echo server ready\r\n")
    socket.pipe(socket)  # everything the client sends comes straight back


server = net.create_server(on_connection)
server.listen(PORT, "127.0.0.1",
              lambda: print(f"echo server listening on 127.0.0.1:{server.address()['port']}",
                            flush=True))
