"""Node's ``stream`` module: ``Readable``, ``Writable``, ``Duplex``, ``Transform``,
``PassThrough``, ``pipeline`` and ``finished``, with Node v20's semantics.

Spelling follows NodeKit's rules (``read_stream.readable_length``,
``set_encoding``, options as a dict or snake_case keyword arguments). Python
additions: ``async for chunk in readable``, ``await pipeline_async(...)`` /
``await finished_async(stream)`` (also as ``stream.promises.pipeline`` /
``stream.promises.finished``) and ``Readable.from_(iterable)``. Node's utilities
``stream.isDisturbed`` / ``isErrored`` / ``isReadable`` / ``destroy(stream, err)``
are ``is_disturbed`` / ``is_errored`` / ``is_readable`` / ``destroy``.
"""

from __future__ import annotations

from ..abort import add_abort_signal
from . import promises
from ._util import AbortError, is_disturbed, is_errored, is_readable
from ._util import destroyer as destroy
from .duplex import Duplex
from .legacy import Stream
from .pipeline import finished, pipeline
from .readable import Readable, ReadableState
from .transform import PassThrough, Transform
from .writable import Writable, WritableState

pipeline_async = promises.pipeline
finished_async = promises.finished

__all__ = [
    "Stream", "Readable", "Writable", "Duplex", "Transform", "PassThrough",
    "pipeline", "finished", "pipeline_async", "finished_async", "promises",
    "ReadableState", "WritableState", "AbortError", "add_abort_signal",
    "is_disturbed", "is_errored", "is_readable", "destroy",
]
