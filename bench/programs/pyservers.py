"""Hello world for the servers a Python user would pick instead of NodeKit.

``app`` is a raw ASGI application (uvicorn: no framework), ``rsgi_app`` the
same answer on Granian's RSGI interface (its fastest). Both send what
bench/programs/server.py sends for the hello-world request: 200,
``Content-Type: text/plain``, ``Hello, World!`` (each server adds its own
Date, Server and framing fields).
"""

from __future__ import annotations

from typing import Any

BODY = b"Hello, World!"
_ASGI_START = {"type": "http.response.start", "status": 200,
               "headers": [(b"content-type", b"text/plain")]}
_ASGI_BODY = {"type": "http.response.body", "body": BODY}


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] != "http":  # lifespan: nothing to set up
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        return
    await send(_ASGI_START)
    await send(_ASGI_BODY)


async def rsgi_app(scope: Any, protocol: Any) -> None:
    protocol.response_bytes(200, [("content-type", "text/plain")], BODY)
