"""Node's Buffer encodings for ``str`` <-> ``bytes``, and an incremental ``StringDecoder``.

Owns the encoding names NodeKit accepts (``'utf8'``, ``'latin1'``, ``'hex'``, ...)
and the decoder that never splits a multi-byte character across chunks.
"""

from __future__ import annotations

import base64
import binascii
import codecs
from typing import Any

from .errors import NodeTypeError

__all__ = ["normalize_encoding", "encode", "decode", "to_bytes", "StringDecoder", "BytesLike"]

BytesLike = bytes | bytearray | memoryview

_ALIASES = {
    "utf8": "utf8", "utf-8": "utf8",
    "latin1": "latin1", "binary": "latin1",
    "ascii": "ascii",
    "hex": "hex",
    "base64": "base64", "base64url": "base64url",
    "utf16le": "utf16le", "utf-16le": "utf16le", "ucs2": "utf16le", "ucs-2": "utf16le",
    "buffer": "buffer",
}
_CODEC = {"utf8": "utf-8", "latin1": "latin-1", "ascii": "latin-1", "utf16le": "utf-16-le"}


def normalize_encoding(encoding: str | None) -> str | None:
    """Node's canonical name for ``encoding``; ``None`` stays ``None``."""
    if encoding is None:
        return None
    enc = _ALIASES.get(encoding) or _ALIASES.get(str(encoding).lower())
    if enc is None:
        raise NodeTypeError("ERR_UNKNOWN_ENCODING", f"Unknown encoding: {encoding}")
    return enc


def encode(text: str, encoding: str | None = "utf8") -> bytes:
    """``Buffer.from(text, encoding)``."""
    if encoding is None or encoding == "utf8" or encoding == "utf-8":
        return text.encode("utf-8", "nodekit-replace")
    enc = normalize_encoding(encoding)
    if enc == "hex":
        return _hex_prefix(text)
    if enc in ("base64", "base64url"):
        return _base64_lenient(text)
    if enc in ("latin1", "ascii"):
        # Node keeps the low byte of each code unit.
        return bytes(ord(c) & 0xFF for c in text) if not text.isascii() else text.encode("ascii")
    if enc == "buffer":
        return text.encode("utf-8", "nodekit-replace")
    return text.encode(_CODEC[enc], "surrogatepass")


def _replace_surrogates(err: UnicodeError) -> tuple[bytes, int]:
    # Node encodes a lone surrogate as U+FFFD, never as invalid UTF-8.
    if isinstance(err, UnicodeEncodeError):
        return b"\xef\xbf\xbd" * (err.end - err.start), err.end  # type: ignore[return-value]
    raise err


codecs.register_error("nodekit-replace", _replace_surrogates)

_HEX = frozenset("0123456789abcdefABCDEF")
_B64_URL_TO_STD = str.maketrans("-_", "+/")
_B64_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")


def _hex_prefix(text: str) -> bytes:
    # Node decodes the longest valid prefix of pairs and drops the rest.
    n = len(text) - (len(text) % 2)
    try:
        # The common case, all pairs valid, in C; only a failure scans in Python.
        return binascii.unhexlify(text[:n])
    except (ValueError, binascii.Error):
        pass
    for i in range(0, n, 2):
        if text[i] not in _HEX or text[i + 1] not in _HEX:
            n = i
            break
    return binascii.unhexlify(text[:n])


def _base64_lenient(text: str) -> bytes:
    """Node's base64 decoding: either alphabet, junk skipped, stops at '=', a lone
    trailing character dropped."""
    text = text.translate(_B64_URL_TO_STD).split("=", 1)[0]
    clean = "".join(c for c in text if c in _B64_ALPHABET)
    if len(clean) % 4 == 1:
        clean = clean[:-1]
    return base64.b64decode(clean + "=" * (-len(clean) % 4))


def decode(data: BytesLike, encoding: str | None = "utf8") -> str:
    """``buffer.toString(encoding)``."""
    enc = normalize_encoding(encoding) or "utf8"
    if enc == "hex":
        return bytes(data).hex()
    if enc == "base64":
        return base64.b64encode(data).decode("ascii")
    if enc == "base64url":
        return base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")
    if enc == "ascii":
        return bytes(b & 0x7F for b in data).decode("ascii")
    if enc == "buffer":
        enc = "utf8"
    raw = bytes(data)
    if enc == "utf16le" and len(raw) % 2:
        raw = raw[:-1]  # Node ignores a dangling odd byte
    return raw.decode(_CODEC[enc], "replace")


def to_bytes(chunk: Any, encoding: str | None = "utf8") -> bytes:
    """A chunk given to ``write``/``end``: ``str`` is encoded, bytes-like is taken as is."""
    if type(chunk) is bytes:
        return chunk
    if type(chunk) is str and (encoding is None or encoding == "utf8"):
        return chunk.encode("utf-8", "nodekit-replace")  # encode()'s common case, one call less
    if isinstance(chunk, str):
        return encode(chunk, encoding)
    if isinstance(chunk, (bytearray, memoryview)):
        return bytes(chunk)
    raise NodeTypeError(
        "ERR_INVALID_ARG_TYPE",
        'The "chunk" argument must be of type str or a bytes-like object. '
        f"Received {type(chunk).__name__}")


class StringDecoder:
    """Node's ``StringDecoder``: decodes chunks without splitting characters."""

    def __init__(self, encoding: str | None = "utf8") -> None:
        self.encoding = normalize_encoding(encoding) or "utf8"
        enc = self.encoding
        self._pending = b""
        if enc in ("utf8", "utf16le", "latin1"):
            self._dec: Any = codecs.getincrementaldecoder(_CODEC[enc])("replace")
        else:
            self._dec = None

    def write(self, data: BytesLike) -> str:
        if self._dec is not None:
            return self._dec.decode(bytes(data), False)
        data = self._pending + bytes(data)
        if self.encoding in ("base64", "base64url"):
            keep = len(data) % 3
        else:
            keep = 0
        self._pending = data[len(data) - keep:] if keep else b""
        return decode(data[:len(data) - keep], self.encoding)

    def end(self, data: BytesLike | None = None) -> str:
        out = self.write(data) if data else ""
        if self._dec is not None:
            if self.encoding == "utf16le":
                self._dec.reset()  # Node drops a dangling odd byte
                return out
            return out + self._dec.decode(b"", True)
        rest, self._pending = self._pending, b""
        return out + (decode(rest, self.encoding) if rest else "")
