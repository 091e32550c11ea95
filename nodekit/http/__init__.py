"""Node's ``http`` module: ``from nodekit import http``.

The server side lives in ``_server``, the client in ``_client`` and the
connection pool in ``_agent``; ``_incoming``/``_outgoing`` hold the message
classes both sides share and ``_common`` the pure protocol helpers.
"""

from __future__ import annotations

from ._agent import Agent, global_agent
from ._client import ClientRequest, create_client, get, request
from ._common import METHODS, STATUS_CODES, validate_header_name, validate_header_value
from ._incoming import IncomingMessage
from ._outgoing import OutgoingMessage
from ._server import Server, ServerResponse, create_server, max_header_size

__all__ = [
    "METHODS", "STATUS_CODES", "IncomingMessage", "OutgoingMessage", "Server",
    "ServerResponse", "create_server", "max_header_size", "Agent", "global_agent",
    "ClientRequest", "create_client", "get", "request", "validate_header_name",
    "validate_header_value",
]
