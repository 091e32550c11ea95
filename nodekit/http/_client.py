"""``http.request``, ``http.get`` and ``ClientRequest``.

Owns the client side of HTTP/1.1: turning options (or a URL) into a request
line and headers, getting a socket from the Agent, parsing the response
with httptools (with the two cases llhttp cannot be told about handled
here: no body after HEAD, a tunnel after CONNECT), ``'response'``,
``'continue'``, ``'connect'``, ``'upgrade'``, ``'timeout'``, ``'abort'`` and
errors with Node's codes, and giving the socket back to the Agent when both
the request and its response are done.
"""

from __future__ import annotations

import base64
import warnings
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httptools

from .. import net, runtime
from ..errors import NodeError, NodeTypeError, econnreset
from ..events import EventEmitter
from ._agent import Agent, global_agent
from ._common import parse_error, validate_method, validate_path
from ._incoming import IncomingMessage
from ._outgoing import OutgoingMessage

__all__ = ["ClientRequest", "request", "get", "create_client"]

# Methods whose requests carry no body by default: no chunked encoding.
_NO_BODY_METHODS = frozenset({"GET", "HEAD", "DELETE", "OPTIONS", "TRACE", "CONNECT"})


def _hang_up() -> BaseException:
    err = econnreset("read")
    err.args = (err.args[0], "socket hang up")
    err.strerror = "socket hang up"
    return err


def _options_from(url_or_options: Any, extra: dict[str, Any]) -> dict[str, Any]:
    if isinstance(url_or_options, str):
        opts = _parse_url(url_or_options)
    elif url_or_options is None:
        opts = {}
    else:
        opts = dict(url_or_options)
    opts.update(extra)
    return opts


def _parse_url(url: str) -> dict[str, Any]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "") or not parts.hostname:
        if parts.scheme and parts.scheme != "http":
            raise NodeTypeError("ERR_INVALID_PROTOCOL",
                                f'Protocol "{parts.scheme}:" not supported. Expected "http:"')
        raise NodeTypeError("ERR_INVALID_URL", "Invalid URL")
    opts: dict[str, Any] = {"protocol": "http:", "hostname": parts.hostname,
                            "path": (parts.path or "/") + (f"?{parts.query}" if parts.query
                                                           else "")}
    if parts.port:
        opts["port"] = parts.port
    if parts.username is not None:
        opts["auth"] = f"{parts.username}:{parts.password or ''}"
    return opts


class ClientRequest(OutgoingMessage):
    """Node's ``http.ClientRequest``: returned by :func:`request`."""

    def __init__(self, options: Any = None, callback: Callable[..., Any] | None = None,
                 **kwargs: Any) -> None:
        super().__init__()
        opts = _options_from(options, kwargs)
        protocol = opts.get("protocol") or "http:"
        if protocol != "http:":
            raise NodeTypeError("ERR_INVALID_PROTOCOL",
                                f'Protocol "{protocol}" not supported. Expected "http:"')
        agent = opts.get("agent")
        if agent is False:
            agent = Agent()
            self._agent_owned = True
        elif agent is None:
            agent = global_agent
            self._agent_owned = opts.get("agent", None) is False
        else:
            self._agent_owned = False
        self.agent: Agent = agent
        host = opts.get("hostname") or opts.get("host") or "localhost"
        port = int(opts.get("port") or agent.default_port)
        self.host = host
        self.port = port
        self.socket_path = opts.get("socket_path")
        method = (opts.get("method") or "GET")
        validate_method(method)
        self.method = method.upper()
        path = opts.get("path") or "/"
        validate_path(path)
        self.path = path
        self.protocol = protocol
        self.timeout = opts.get("timeout")
        self.res: IncomingMessage | None = None
        self.aborted = False
        self.reused_socket = False
        self._reused_socket = False
        self._response_done = False
        self._released = False
        self._parser: _ResponseParser | None = None
        self._expect_continue = False
        self.max_headers_count = opts.get("max_headers_count")
        if self.method in _NO_BODY_METHODS:
            self.use_chunked_encoding_by_default = False
        if opts.get("agent") is False:
            self.should_keep_alive = False
            self._last = True
        elif not agent.keep_alive and agent.max_sockets == float("inf"):
            # Seed: an agent defaults requests to keep-alive; the socket is
            # reused while requests wait and closed when none do.
            self.should_keep_alive = True
        if callback is not None:
            self.once("response", callback)
        headers = opts.get("headers")
        if headers:
            for name, value in (headers.items() if isinstance(headers, dict) else headers):
                self.set_header(name, value)
        if opts.get("set_host", True) and not self.has_header("host") and not self.socket_path:
            self.set_header("Host", self._host_header(host, port, agent.default_port))
        auth = opts.get("auth")
        if auth and not self.has_header("authorization"):
            token = base64.b64encode(str(auth).encode("latin-1")).decode("ascii")
            self.set_header("Authorization", f"Basic {token}")
        if self.has_header("expect"):
            # Seed: an Expect header sends the request head at once.
            self._implicit_header()
            self._send(b"")
        self._agent_options = {
            "host": host, "port": port, "local_address": opts.get("local_address"),
            "socket_path": self.socket_path, "family": opts.get("family"),
        }
        runtime.next_tick(self._get_socket, opts.get("create_connection"))

    def __repr__(self) -> str:
        return f"<ClientRequest {self.method} {self.host}:{self.port}{self.path}>"

    @staticmethod
    def _host_header(host: str, port: int, default_port: int) -> str:
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"
        return host if port == default_port else f"{host}:{port}"

    def _is_client_with_agent(self) -> bool:
        return not self._agent_owned

    def _get_socket(self, create_connection: Callable[..., Any] | None) -> None:
        if self._destroyed:
            return
        if create_connection is not None:
            self.on_socket(create_connection(self._agent_options))
        else:
            self.agent.add_request(self, self._agent_options)

    def _implicit_header(self) -> None:
        self._store_header(f"{self.method} {self.path} HTTP/1.1\r\n",
                           self._headers.values() if self._headers else ())

    # -- the socket ----------------------------------------------------------
    def on_socket(self, sock: net.Socket) -> None:
        """The agent assigned ``sock``: attach the response parser and flush."""
        runtime.next_tick(self._attach, sock)

    def _attach(self, sock: net.Socket) -> None:
        if self._destroyed:
            if not sock.destroyed:
                sock.emit("free")
            return
        self.socket = sock
        self.reused_socket = self._reused_socket
        sock._http_message = self
        self._parser = _ResponseParser(self, sock)
        sock.on("error", self._socket_on_error)
        sock.on("close", self._socket_on_close)
        sock.on("timeout", self._socket_on_timeout)
        if self.timeout:
            sock.set_timeout(self.timeout)
        self.emit("socket", sock)
        if self._output:
            if not self._flush_output(sock):
                self._need_drain = True
        if self.finished and not self._need_drain:
            runtime.get_loop().call_soon(self._finish)

    def _socket_on_error(self, err: BaseException) -> None:
        if self._released:
            return
        self._fail(err)

    def _fail(self, err: BaseException) -> None:
        res = self.res
        if res is not None and not res.complete:
            res.destroy(_aborted_error())
        elif res is None:
            runtime.call(self.emit, "error", err)
        self._release_socket(destroy=True)

    def _socket_on_close(self, _had_error: bool = False) -> None:
        if self._released:
            return
        sock = self.socket
        res = self.res
        if res is None:
            if not self.aborted and not self._destroyed:
                runtime.call(self.emit, "error", _hang_up())
        elif not res.complete:
            parser = self._parser
            if parser is not None and parser.close_delimited and parser.in_body:
                parser.finish_close_delimited()
            else:
                res.destroy(_aborted_error())
        self._released = True
        self._closed = True
        self._detach(sock)
        runtime.call(self.emit, "close")

    def _socket_on_timeout(self) -> None:
        # Unlike the server, Node's client never destroys on timeout by itself.
        self.emit("timeout")

    def _detach(self, sock: Any) -> None:
        if sock is None:
            return
        sock.remove_listener("error", self._socket_on_error)
        sock.remove_listener("close", self._socket_on_close)
        sock.remove_listener("timeout", self._socket_on_timeout)
        if sock._http_message is self:
            sock._http_message = None
        if self._parser is not None:
            self._parser.detach()

    def _on_finish(self) -> None:
        self._maybe_release()

    def _maybe_release(self) -> None:
        # Node frees the socket once the request is written and the response read.
        if self._response_done and self._finished_emitted and not self._released:
            keep = self._keep_socket
            self._release_socket(destroy=not keep)

    def _release_socket(self, destroy: bool) -> None:
        if self._released:
            return
        self._released = True
        sock = self.socket
        self._detach(sock)
        if sock is None:
            return
        if destroy:
            sock.destroy()
        else:
            if self.timeout:
                sock.set_timeout(0)
            sock.emit("free")
        runtime.next_tick(self._emit_close)

    def _emit_close(self) -> None:
        self._closed = True
        self.emit("close")

    # -- user API ------------------------------------------------------------
    def abort(self) -> None:
        """Drop the response and destroy the socket; ``'abort'`` is emitted."""
        if self.aborted:
            return
        self.aborted = True
        runtime.next_tick(self.emit, "abort")
        self.destroy()

    def destroy(self, err: BaseException | None = None) -> ClientRequest:
        if self._destroyed:
            return self
        self._destroyed = True
        self._errored = err
        res = self.res
        if res is not None and not res.complete:
            res.destroy(_aborted_error())
        sock = self.socket
        if sock is not None and not self._released:
            self._released = True
            self._detach(sock)
            sock.destroy()
        elif sock is None and err is None and not self.aborted:
            err = _hang_up()
        if err is not None:
            runtime.next_tick(self._emit_error_close, err)
        elif not self._closed:
            runtime.next_tick(self._emit_close)
        return self

    def _emit_error_close(self, err: BaseException) -> None:
        self.emit("error", err)
        self._emit_close()

    def set_timeout(self, msecs: float, callback: Callable[..., Any] | None = None,
                    ) -> ClientRequest:
        if callback is not None:
            self.once("timeout", callback)
        self.timeout = msecs
        if self.socket is not None:
            self.socket.set_timeout(msecs)
        return self

    def set_no_delay(self, no_delay: bool = True) -> None:
        self._with_socket(lambda s: s.set_no_delay(no_delay))

    def set_socket_keep_alive(self, enable: bool = False, initial_delay: int = 0) -> None:
        self._with_socket(lambda s: s.set_keep_alive(enable, initial_delay))

    def _with_socket(self, fn: Callable[[net.Socket], Any]) -> None:
        if self.socket is not None:
            fn(self.socket)
        else:
            self.once("socket", fn)

    @property
    def _keep_socket(self) -> bool:
        parser = self._parser
        return (self.should_keep_alive and not self._last and parser is not None
                and parser.keep_alive)


def _aborted_error() -> BaseException:
    err = econnreset("read")
    err.strerror = "aborted"
    err.args = (err.args[0], "aborted")
    return err


class _ResponseParser:
    """Parses one request's response on its socket (parser callbacks as methods)."""

    __slots__ = ("req", "socket", "parser", "res", "raw", "status", "head_only", "head_buf",
                 "keep_alive", "in_body", "close_delimited", "done", "pending_error",
                 "in_trailers", "headers_complete")

    def __init__(self, req: ClientRequest, sock: net.Socket) -> None:
        self.req = req
        self.socket = sock
        self.parser = httptools.HttpResponseParser(self)
        self.res: IncomingMessage | None = None
        self.raw: list[str] = []
        self.status = ""
        # llhttp cannot be told that a HEAD or CONNECT response has no body:
        # split the header block off ourselves for those.
        self.head_only = req.method in ("HEAD", "CONNECT")
        self.head_buf = b""
        self.keep_alive = False
        self.in_body = False
        self.close_delimited = False
        self.done = False
        self.pending_error: BaseException | None = None
        self.in_trailers = False
        self.headers_complete = False
        sock._data_consumer = self.on_data
        sock._eof_consumer = self.on_eof
        sock._drain_hook = self.on_drain

    def detach(self) -> None:
        sock = self.socket
        if sock._data_consumer == self.on_data:
            sock._data_consumer = None
            sock._eof_consumer = None
            sock._drain_hook = None

    # -- socket hooks --------------------------------------------------------
    def on_data(self, data: Any) -> None:
        if self.done:
            return
        try:
            if self.head_only:
                self._feed_head_only(bytes(data))
            else:
                self.parser.feed_data(data)
        except httptools.HttpParserUpgrade as exc:
            self.on_upgrade(bytes(data), exc.args[0] if exc.args else len(data))
        except httptools.HttpParserError as exc:
            ctx = exc.__context__
            if ctx is not None and not isinstance(ctx, httptools.HttpParserError):
                self.pending_error = ctx
            else:
                self.req._fail(parse_error(exc, bytes(data)))
        err = self.pending_error
        if err is not None:
            self.pending_error = None
            runtime.report_uncaught(err)

    def _feed_head_only(self, data: bytes) -> None:
        buf = self.head_buf + data
        while True:
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                self.head_buf = buf
                return
            block, buf = buf[:end + 4], buf[end + 4:]
            self.parser.feed_data(block)
            if self.res is not None:
                break
            # A 1xx interim response: keep looking for the final one.
        self.head_buf = b""
        self.parser = httptools.HttpResponseParser(self)
        if self.req.method == "CONNECT":
            self.on_upgrade(buf, 0)
        else:
            self.on_message_complete()

    def on_eof(self) -> None:
        self.socket._peer_eof = True  # type: ignore[attr-defined]
        if self.close_delimited and self.in_body:
            self.finish_close_delimited()
        self.socket.end()

    def on_drain(self) -> None:
        self.req._on_socket_drain()

    def finish_close_delimited(self) -> None:
        self.keep_alive = False
        self.on_message_complete()

    # -- parser callbacks ---------------------------------------------------
    def on_message_begin(self) -> None:
        self.raw = []
        self.status = ""
        self.in_trailers = False
        self.headers_complete = False

    def on_status(self, status: bytes) -> None:
        self.status += status.decode("latin-1")

    def on_header(self, name: bytes, value: bytes) -> None:
        if self.in_trailers and self.res is not None:
            self.res.raw_trailers.append(name.decode("latin-1"))
            self.res.raw_trailers.append(value.decode("latin-1"))
            return
        self.raw.append(name.decode("latin-1"))
        self.raw.append(value.decode("latin-1"))

    def on_headers_complete(self) -> None:
        self.headers_complete = True
        parser = self.parser
        code = parser.get_status_code()
        req = self.req
        if 100 <= code < 200 and code != 101:
            self._interim(code)
            return
        res = IncomingMessage(self.socket)
        res.status_code = code
        res.status_message = self.status
        version = parser.get_http_version()
        if version != "1.1":
            res.http_version = version
            major, _, minor = version.partition(".")
            res.http_version_major, res.http_version_minor = int(major), int(minor or 0)
        res.raw_headers = self.raw
        res.req = req  # type: ignore[attr-defined]
        res._on_read = self.resume
        self.res = res
        req.res = res
        self.keep_alive = parser.should_keep_alive()
        self.close_delimited = not self.head_only and _close_delimited(self.raw, code)
        self.in_body = True
        if req.method == "CONNECT" or code == 101:
            res.upgrade = True
            return  # handed over in on_upgrade
        self._emit_response(res)

    def _interim(self, code: int) -> None:
        req = self.req
        try:
            if code == 100:
                req.emit("continue")
            else:
                info = {"status_code": code, "status_message": self.status,
                        "http_version": self.parser.get_http_version(),
                        "headers": _merge(self.raw), "raw_headers": self.raw}
                req.emit("information", info)
        except BaseException as exc:  # noqa: BLE001
            self.pending_error = exc

    def _emit_response(self, res: IncomingMessage) -> None:
        req = self.req
        try:
            if req.aborted or not req.emit("response", res):
                # Seed: with no 'response' listener the response is discarded.
                res._dump()
        except BaseException as exc:  # noqa: BLE001
            self.pending_error = exc

    def on_body(self, body: bytes) -> None:
        res = self.res
        if res is None or res._dumped:
            return
        if not res.push(body):
            self.socket._pause_reading()

    def on_chunk_complete(self) -> None:
        if self.headers_complete:
            self.in_trailers = True

    def on_message_complete(self) -> None:
        res = self.res
        if res is None or self.done:
            return  # a 1xx interim response
        self.done = True
        self.in_body = False
        res.complete = True
        req = self.req
        try:
            res.push(None)
        except BaseException as exc:  # noqa: BLE001
            self.pending_error = exc
        req._response_done = True
        self.socket._resume_reading()
        req._maybe_release()

    def resume(self) -> None:
        self.socket._resume_reading()

    # -- upgrade / CONNECT ----------------------------------------------------
    def on_upgrade(self, data: bytes, offset: int) -> None:
        req = self.req
        res = self.res
        head = data[offset:]
        self.done = True
        sock = self.socket
        self.detach()
        req._released = True
        req._detach(sock)
        if res is None:
            req._fail(NodeError("HPE_INVALID", "upgrade without response"))
            return
        event = "connect" if req.method == "CONNECT" else "upgrade"
        res.complete = True
        if req.listener_count(event):
            sock.emit("agentRemove")
            try:
                req.emit(event, res, sock, head)
            except BaseException as exc:  # noqa: BLE001
                self.pending_error = exc
        else:
            # Seed: with nobody listening, the connection is closed.
            sock.destroy()
        runtime.next_tick(req._emit_close)


def _close_delimited(raw: list[str], code: int) -> bool:
    if code in (204, 304):
        return False
    for i in range(0, len(raw), 2):
        name = raw[i].lower()
        if name in ("content-length", "transfer-encoding"):
            return False
    return True


def _merge(raw: list[str]) -> dict[str, Any]:
    from ._common import headers_from_raw

    return headers_from_raw(raw)


def request(url_or_options: Any = None, options_or_callback: Any = None,
            callback: Callable[..., Any] | None = None, **kwargs: Any) -> ClientRequest:
    """``http.request(options_or_url, [options], callback)``: a :class:`ClientRequest`."""
    if callable(options_or_callback):
        callback, options_or_callback = options_or_callback, None
    if isinstance(url_or_options, str) and isinstance(options_or_callback, dict):
        opts = {**_parse_url(url_or_options), **options_or_callback}
    elif isinstance(url_or_options, dict) or url_or_options is None:
        opts = {**(url_or_options or {}), **(options_or_callback or {})}
    else:
        opts = _options_from(url_or_options, options_or_callback or {})
    return ClientRequest(opts, callback, **kwargs)


def get(url_or_options: Any = None, options_or_callback: Any = None,
        callback: Callable[..., Any] | None = None, **kwargs: Any) -> ClientRequest:
    """Like :func:`request` with method GET, and ``end()`` already called."""
    req = request(url_or_options, options_or_callback, callback, **kwargs)
    req.end()
    return req


class Client(EventEmitter):
    """What the deprecated ``http.create_client(port, host)`` returns."""

    def __init__(self, port: int = 80, host: str = "localhost") -> None:
        super().__init__()
        self.port = port
        self.host = host
        self.agent = Agent()

    def request(self, method: str = "GET", path: str = "/",
                headers: dict[str, Any] | None = None) -> ClientRequest:
        req = ClientRequest({"method": method, "path": path, "headers": headers,
                             "host": self.host, "port": self.port, "agent": self.agent})
        req.on("error", lambda err: self.emit("error", err)
               if self.listener_count("error") else None)
        return req


def create_client(port: int = 80, host: str = "localhost") -> Client:
    """Deprecated in the seed (use :func:`request`); still works."""
    warnings.warn("http.create_client is deprecated. Use http.request instead.",
                  DeprecationWarning, stacklevel=2)
    return Client(port, host)
