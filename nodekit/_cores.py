"""Extension-type cores under Python classes: where a core's C fields get their
defaults and how a subclass's class attributes that name them still win.

Compiled, ``net._SocketCore`` and http's message cores (``_OutgoingCore`` and the
cores over it) keep their state in C fields, which are data descriptors on the
core: a subclass's class attribute of the same name (``class R(ServerResponse):
status_code = 404``) would shadow the descriptor and never reach the field. So
``take_field_defaults`` moves such attributes off the class into an overrides
table when the subclass is made, and a core's ``__cinit__`` calls
``apply_overrides`` for the instance (only when the table is not empty: no call
per object without such a subclass). In pure Python nothing is a C field: the
defaults are plain class attributes (``install_class_defaults``) and the
table stays empty. docs/architecture.md, "Extension types under Python
subclasses", has the whole story.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Mapping
from types import GetSetDescriptorType
from typing import Any

Overrides = dict[type, tuple[tuple[str, Any], ...]]


def c_fields(core: type, names: Iterable[str]) -> frozenset[str]:
    """The ``names`` that are C fields of ``core`` (empty in pure Python)."""
    return frozenset(name for name in names
                     if type(vars(core).get(name)) is GetSetDescriptorType)


def install_class_defaults(core: type, defaults: Mapping[str, Any]) -> None:
    """Pure Python: the defaults as class attributes of the core."""
    for name, value in defaults.items():
        setattr(core, name, value)


def take_field_defaults(cls: type, fields: Container[str], table: Overrides) -> None:
    """Move ``cls``'s class attributes that name one of ``fields`` into ``table``
    (with those it inherits from its bases' entries)."""
    found: dict[str, Any] = {}
    for base in reversed(cls.__mro__[1:]):
        found.update(table.get(base, ()))
    for name in [name for name in vars(cls) if name in fields]:
        found[name] = vars(cls)[name]
        delattr(cls, name)
    if found:
        table[cls] = tuple(found.items())


def apply_overrides(obj: Any, table: Overrides, fields: Container[str] | None = None) -> None:
    """Set on ``obj`` its class's entries of ``table`` (those naming one of
    ``fields``; None: all). A base core passes its own fields, as a deeper
    core's are not initialised yet while it runs; a leaf core passes None."""
    overrides = table.get(type(obj))
    if overrides is not None:
        for name, value in overrides:
            if fields is None or name in fields:
                setattr(obj, name, value)
