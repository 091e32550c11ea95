"""Node's ``http`` module: ``from nodekit import http``.

The server side lives in ``_server``, the client in ``_client`` and the
connection pool in ``_agent``; ``_incoming``/``_outgoing`` hold the message
classes both sides share and ``_common`` the pure protocol helpers.
``http.global_agent`` may be assigned, as Node's ``http.globalAgent``: later
requests without an ``agent`` use the new one. There is one global agent per
Runtime (per loop), so loops in different threads never share pooled sockets.
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
from ._parser import set_max_idle_http_parsers
from ._server import Server, ServerResponse, create_server, max_header_size

__all__ = [
    "METHODS", "STATUS_CODES", "IncomingMessage", "OutgoingMessage", "Server",
    "ServerResponse", "create_server", "max_header_size", "Agent", "global_agent",
    "ClientRequest", "create_client", "get", "request", "validate_header_name",
    "validate_header_value", "set_max_idle_http_parsers",
]


class _HttpModule(types.ModuleType):
    """The module's class: ``global_agent`` is the current Runtime's."""

    @property
    def global_agent(self) -> Agent:
        return _agent.get_global_agent()

    @global_agent.setter
    def global_agent(self, agent: Agent) -> None:
        _agent.set_global_agent(agent)


sys.modules[__name__].__class__ = _HttpModule
