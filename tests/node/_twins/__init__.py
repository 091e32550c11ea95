"""The shared bodies of Node's twin ports, once.

Node repeats many ``test-http-X.js`` files as ``test-https-X.js`` with only
the transport changed (``https.createServer(options, ...)``, ``tls.connect``,
``rejectUnauthorized: false``), and some families of ports differ only in a
parameter (``missing-header-separator-cr``/``-lf``) or in the stream class
(``test-stream-{readable,writable,duplex,transform}-destroy``). Each port in
``tests/node/test_<name>.py`` keeps its header comment and the test
functions pytest collects; the body they share lives in a module of this
package and takes a :class:`Twin` (or the variant's parameters).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nodekit import http, https, net, tls
from tests.node._common import at
from tests.node._tls import agent1_options


@dataclass(frozen=True)
class Twin:
    """One transport of a twin port: plain http or https (agent1, no CA)."""

    name: str
    module: Any
    secure: bool

    @property
    def Server(self) -> type:  # noqa: N802 - Node's class name
        return self.module.Server

    @property
    def Agent(self) -> type:  # noqa: N802 - Node's class name
        return self.module.Agent

    def create_server(self, *args: Any) -> Any:
        """``createServer([options], [listener])``: https gets the agent1
        certificate merged under the options the port passes."""
        if not self.secure:
            return self.module.create_server(*args)
        if args and isinstance(args[0], dict):
            return self.module.create_server(agent1_options(**args[0]), *args[1:])
        return self.module.create_server(agent1_options(), *args)

    def at(self, port: int, **options: Any) -> dict[str, Any]:
        """Request options for 127.0.0.1:port; https does not check the
        self-made certificate (Node: rejectUnauthorized: false)."""
        if self.secure:
            options.setdefault("reject_unauthorized", False)
        return at(port, **options)

    def request(self, *args: Any) -> Any:
        return self.module.request(*args)

    def get(self, *args: Any) -> Any:
        return self.module.get(*args)

    def connect(self, options: dict[str, Any],
                listener: Callable[..., Any] | None = None) -> Any:
        """A raw client: ``net.connect`` or ``tls.connect`` (unchecked)."""
        if not self.secure:
            return net.connect(options, listener) if listener else net.connect(options)
        options = {"reject_unauthorized": False, **options}
        return tls.connect(options, listener) if listener else tls.connect(options)


HTTP = Twin("http", http, secure=False)
HTTPS = Twin("https", https, secure=True)
