"""Errors with Node's ``code``.

Owns the exception classes every layer raises or emits. Misuse raises a
subclass of the Python exception a user would catch (``TypeError``,
``ValueError``); I/O failures are ``OSError`` subclasses carrying the errno
name Node uses (``ECONNRESET`` ...).
"""

from __future__ import annotations

import errno as _errno
from typing import Any


class NodeError(Exception):
    """A Node error that is neither a type nor a range error."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code

    def __str__(self) -> str:
        return f"{self.args[0]} [{self.code}]" if self.args else self.code


class NodeWarning(UserWarning):
    """What Node's ``process.emitWarning`` makes: ``name`` is the warning's type
    (``'TimeoutOverflowWarning'``), ``code`` its code or None, ``stack`` where
    it was emitted (as an Error's stack in Node)."""

    def __init__(self, message: str, name: str = "Warning", code: str | None = None) -> None:
        super().__init__(message)
        self.name = name
        self.code = code
        self.stack = ""

    @property
    def message(self) -> str:
        return str(self.args[0]) if self.args else ""


class TimeoutOverflowWarning(NodeWarning):
    """A timer duration past 2**31-1 ms (Node's TimeoutOverflowWarning)."""

    def __init__(self, message: str) -> None:
        super().__init__(message, "TimeoutOverflowWarning")


class NodeTypeError(NodeError, TypeError):
    """Misuse of an API by the type or shape of an argument (Node's TypeError)."""


class NodeValueError(NodeError, ValueError):
    """Misuse of an API by the value of an argument (Node's RangeError / invalid value)."""


class SystemError_(OSError):
    """An OS-level failure with Node's ``code`` (``'ECONNREFUSED'`` ...)."""

    code: str
    syscall: str | None
    address: str | None
    port: int | None

    def __init__(self, errnum: int, code: str, syscall: str | None = None,
                 address: str | None = None, port: int | None = None) -> None:
        where = f" {address}:{port}" if address is not None and port is not None else (
            f" {address}" if address is not None else "")
        msg = f"{syscall} {code}{where}" if syscall else f"{code}{where}"
        super().__init__(errnum, msg)
        self.code = code
        self.syscall = syscall
        self.address = address
        self.port = port

    def __str__(self) -> str:
        return self.strerror or self.code


def errno_code(errnum: int | None) -> str:
    """The symbolic errno name Node reports, e.g. ``'ECONNRESET'``."""
    if errnum is None:
        return "UNKNOWN"
    return _errno.errorcode.get(errnum, "UNKNOWN")


def system_error(exc: BaseException, syscall: str | None = None,
                 address: str | None = None, port: int | None = None) -> BaseException:
    """Turn an ``OSError`` from asyncio into one with Node's ``code``.

    Anything that is not an ``OSError`` (or already has a ``code``) is returned
    unchanged so that callers can pass any exception through.
    """
    if getattr(exc, "code", None) is not None and isinstance(exc, OSError):
        return exc
    if isinstance(exc, ConnectionResetError):
        errnum = _errno.ECONNRESET
    elif isinstance(exc, BrokenPipeError):
        errnum = _errno.EPIPE
    elif isinstance(exc, OSError):
        errnum = exc.errno if exc.errno is not None else 0
        if errnum == 0 and "Multiple exceptions" in str(exc):
            # asyncio joins per-address failures; the first errno is Node's.
            errnum = _errno.ECONNREFUSED if "refused" in str(exc).lower() else _errno.EIO
    else:
        return exc
    err = SystemError_(errnum, errno_code(errnum), syscall, address, port)
    err.__cause__ = exc
    return err


def econnreset(syscall: str = "read") -> SystemError_:
    return SystemError_(_errno.ECONNRESET, "ECONNRESET", syscall)


def aborted_error() -> SystemError_:
    """Node's ``'aborted'`` ECONNRESET: the peer went away mid-message (an
    incoming message destroyed by its connection's end, server or client)."""
    err = econnreset("read")
    err.strerror = "aborted"
    err.args = (err.args[0], "aborted")
    return err


def with_code(exc: Any, code: str) -> Any:
    """Attach ``code`` to an exception object and return it."""
    exc.code = code
    return exc


def validate_options(options: Any) -> None:
    """Node's ``validateObject(options, 'options')`` for a constructor's
    options: None is allowed (no options), anything but a dict raises."""
    if options is not None and not isinstance(options, dict):
        raise NodeTypeError("ERR_INVALID_ARG_TYPE", 'The "options" argument must be of '
                            f"type object. Received {type(options).__name__} {options!r}")
