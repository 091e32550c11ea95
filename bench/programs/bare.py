"""The ceiling of the Python stack: a bare httptools + uvloop protocol.

Not NodeKit and not Node's API: no request or response objects, no events,
no streams -- parse, then write the same bytes NodeKit and Node send for the
hello-world request (chunked "Hello, World!", Date, keep-alive). bench/run.py
measures it beside them so the table shows what our own per-request work
costs on top of the engine parts.
"""

import asyncio
import sys
import time
from email.utils import formatdate

import httptools
import uvloop

PORT = int(sys.argv[1])
_date = [0, b""]


def response() -> bytes:
    now = int(time.time())
    if now != _date[0]:
        _date[0], _date[1] = now, formatdate(now, usegmt=True).encode()
    return (b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: " + _date[1] +
            b"\r\nConnection: keep-alive\r\nKeep-Alive: timeout=5\r\n"
            b"Transfer-Encoding: chunked\r\n\r\nd\r\nHello, World!\r\n0\r\n\r\n")


class Hello(asyncio.Protocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport
        self.parser = httptools.HttpRequestParser(self)

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:
            self.transport.close()

    def on_message_complete(self) -> None:
        self.transport.write(response())  # type: ignore[attr-defined]


async def main() -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(Hello, "127.0.0.1", PORT)
    print("ready", flush=True)
    async with server:
        await server.serve_forever()


uvloop.run(main())
