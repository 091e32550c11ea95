"""Node's ``http`` module: ``from nodekit import http``.

The server side lives in ``_server``, the client in ``_client`` and the
connection pool in ``_agent``; ``_incoming``/``_outgoing`` hold the message
classes both sides share and ``_common`` the pure protocol helpers.
``http.global_agent`` may be assigned, as Node's ``http.globalAgent``: later
requests without an ``agent`` use the new one.
"""

from __future__ import annotations

import sys
import types

from . import _agent
from ._agent import Agent
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


class _HttpModule(types.ModuleType):
    """The module's class: ``global_agent`` reads and writes the pool's own."""

    @property
    def global_agent(self) -> Agent:
        return _agent.global_agent

    @global_agent.setter
    def global_agent(self, agent: Agent) -> None:
        _agent.global_agent = agent


sys.modules[__name__].__class__ = _HttpModule
