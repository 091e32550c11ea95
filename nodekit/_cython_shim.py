"""What a module compiled from unchanged Python needs of Cython's ``cython``
module when Cython is not installed (pure Python): the decorators it uses,
without effect. Each such module does ``import cython`` itself (Cython reads
the decorators only from that import) and falls back to this one::

    try:
        import cython
    except ImportError:  # pure Python where Cython is not installed: no effect
        from .._cython_shim import cython
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["cython"]


class cython:  # noqa: N801 - stands in for the module
    # ``if cython.compiled and ...``: a branch only compiled code takes (Cython
    # folds the constant; interpreted, one attribute read).
    compiled = False

    @staticmethod
    def locals(**_types: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
        """``@cython.locals(name=type)``: types a function's locals when compiled."""
        return lambda fn: fn

    @staticmethod
    def cfunc(fn: Callable[..., Any]) -> Callable[..., Any]:
        """``@cython.cfunc``: a C function when compiled."""
        return fn
