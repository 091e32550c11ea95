"""test-http(s)-server-async-dispose.js: ``async with server:`` closes the
server and resolves at its 'close'. Node's https file makes its server with
no options (it never listens for TLS), so neither twin passes any here."""

from __future__ import annotations

from typing import Any

from tests.node._twins import Twin


def async_dispose_closes_the_server(common: Any, twin: Twin) -> None:
    def main():
        server = twin.module.create_server()

        async def on_listening():
            server.on("close", common.must_call())
            async with server:
                pass
            assert server.listening is False
            disposed()

        disposed = common.must_call()
        server.listen(0, common.HOST, common.must_call(on_listening))

    common.run(main)
