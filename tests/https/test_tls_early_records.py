"""Application data that arrives before the TLS socket is handed to net.

asyncio's ssl transport reads application data as soon as the handshake
ends, before NodeKit's socket is ready; the shim in front of it
(tls._SecureProtocol) holds those bytes and replays them. The transport reads
record after record into one buffer: the first into ``buf``, the next into
``buf[offset:]``. Were that buffer a bytearray, the slice would be a copy, the
second record lost and zeros handed on in its place (seen as a 400 for a long
head sent right after the handshake, on plain asyncio only).
"""

from __future__ import annotations

from typing import Any

from nodekit import tls


class _Sink:
    """What the shim hands over to: records every replayed byte."""

    def __init__(self) -> None:
        self.buffer = memoryview(bytearray(65536))
        self.received = bytearray()

    def connection_made(self, transport: Any) -> None:
        pass

    def get_buffer(self, sizehint: int) -> memoryview:
        return self.buffer

    def buffer_updated(self, nbytes: int) -> None:
        self.received += self.buffer[:nbytes]

    def eof_received(self) -> None:
        pass


def _read_like_the_ssl_transport(shim: Any, records: list[bytes]) -> None:
    """asyncio.sslproto's _do_read__buffered: one get_buffer, records read into
    successive slices of it, one buffer_updated for all of them."""
    buf = shim.get_buffer(sum(map(len, records)))
    offset = 0
    for record in records:
        view = buf[offset:]
        view[:len(record)] = record
        offset += len(record)
    shim.buffer_updated(offset)


def test_records_read_before_the_hand_over_reach_the_socket_intact() -> None:
    shim = tls._SecureProtocol()
    first, second = b"a" * 16384, b"b" * 16384
    _read_like_the_ssl_transport(shim, [first, second])
    _read_like_the_ssl_transport(shim, [b"c" * 100])
    sink = _Sink()
    shim.hand_over(sink, transport=None)
    assert bytes(sink.received) == first + second + b"c" * 100


def test_records_after_the_hand_over_go_straight_to_the_socket() -> None:
    shim = tls._SecureProtocol()
    sink = _Sink()
    shim.hand_over(sink, transport=None)
    _read_like_the_ssl_transport(shim, [b"x" * 16384, b"y" * 5])
    assert bytes(sink.received) == b"x" * 16384 + b"y" * 5
