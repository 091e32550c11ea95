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

# The messages' private names their connections (``_server``, ``_client``) may
# use, declared in one place as ``net.FRIEND_HOOKS`` is (tests/test_privates.py
# checks that nothing else crosses a module boundary, and that these exist).
MESSAGE_HOOKS = {
    # IncomingMessage (``_incoming``), for the connection that parses it:
    "_on_read": "set by the connection: called when the body's consumer wants more",
    "_end_body": "the parser saw the end of the message",
    "_retire": "the server's: its response is out; an unread body is discarded",
    "_dump": "discard the body (nobody will read it)",
    "_dumped": "the body is being discarded: the connection drops further chunks",
    # OutgoingMessage (``_outgoing``), for the connection writing it:
    "_header_sent": "the head reached the socket (a canned error answer is too late)",
    "_last": "the connection closes after this message",
    "_on_socket_drain": "the socket drained: release write callbacks, 'drain', 'finish'",
}


class _HttpModule(types.ModuleType):
    """The module's class: ``global_agent`` reads and writes the pool's own."""

    @property
    def global_agent(self) -> Agent:
        return _agent.global_agent

    @global_agent.setter
    def global_agent(self, agent: Agent) -> None:
        _agent.global_agent = agent


sys.modules[__name__].__class__ = _HttpModule
