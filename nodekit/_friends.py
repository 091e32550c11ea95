"""The friend hooks: the only private names one NodeKit module may use of
another module's objects, declared here in one place with their owner.

``tests/test_privates.py`` fails on any other cross-module ``obj._name``
access, and on a hook its owner module does not define. Add a hook only when
a public name would put an internal on the user's API; say what it is for.
"""

from __future__ import annotations

# name: (owner module, relative to the package; what it is)
FRIEND_HOOKS: dict[str, tuple[str, str]] = {
    # net.Socket: what a protocol on top of a socket (http, tls) may use.
    "_write_raw": ("net.py", "send now, without the Writable machinery, when nothing is "
                   "queued there; False is back-pressure"),
    "_write_raw_c": ("net.py", "_write_raw, a C method on a typed socket (net.pxd) for "
                     "compiled http code"),
    "_pause_reading": ("net.py", "a consumer's back-pressure on the transport: stop reading"),
    "_resume_reading": ("net.py", "a consumer's back-pressure on the transport: read again"),
    "_switch_timeout": ("net.py", "move the socket to another idle-timer list without "
                        "set_timeout's side effects"),
    "_switch_timeout_c": ("net.py", "_switch_timeout, a C method on a typed socket "
                          "(net.pxd) for compiled http code"),
    "_rt": ("net.py", "the socket's runtime (its loop's next_tick)"),
    "_http_message": ("net.py", "Node's socket._httpMessage: the message using the socket now"),
    "_http_connection": ("net.py", "the http layer's per-socket object; net never reads it"),
    # The runtime's handle protocol: what runtime.close_handles() calls on every
    # ref-counted handle (sockets, servers) when a run is stopped by force.
    "_force_close": ("net.py", "close now, without events, at a forced stop of the loop"),
    # The stream package's shared state, Node's _readableState/_writableState:
    # stream/_util.py (destroy, finished), the other half of a Duplex and
    # net's pause-on-connect read them, as Node's own modules do.
    "_readable_state": ("stream/readable.py", "a Readable's ReadableState"),
    "_writable_state": ("stream/writable.py", "a Writable's WritableState"),
    # The messages' hooks for the connection that parses or writes them
    # (http/_server.py, http/_client.py).
    "_on_read": ("http/_incoming.py", "set by the connection: called when the body's "
                 "consumer wants more (the connection resumes the socket)"),
    "_end_body": ("http/_incoming.py", "the parser saw the end of the message"),
    "_retire": ("http/_incoming.py", "the server's: the response is out; an unread body "
                "is discarded"),
    "_dump": ("http/_incoming.py", "discard the body (nobody will read it)"),
    "_dumped": ("http/_incoming.py", "the body is being discarded: the connection drops "
                "further chunks"),
    "_header_sent": ("http/_outgoing.py", "the head reached the socket (a canned error "
                     "answer is too late)"),
    "_keeps_connection": ("http/_agent.py", "whether a request through the agent asks for "
                          "keep-alive (Node's ClientRequest reads keepAlive and maxSockets)"),
    "_last": ("http/_outgoing.py", "the connection closes after this message"),
    "_on_socket_drain": ("http/_outgoing.py", "the socket drained: release write callbacks, "
                         "'drain', 'finish'"),
}


def owned_by(module: str) -> tuple[str, ...]:
    """The hooks a module declares (its names, in declaration order)."""
    return tuple(name for name, (owner, _) in FRIEND_HOOKS.items() if owner == module)
