"""No module reads or writes another module's private attributes (issue 11),
except through the friend hooks declared in one place (``nodekit._friends``).

An access ``obj._name`` (``obj`` not ``self``/``cls``/the module's own class,
not ``super()``) is cross-module when the module does not define ``_name``
itself (as a method, class attribute, ``self._name =`` or slot). The
remaining cross-module accesses of today are listed below with their owner
and count: the list may only shrink (a module may not add a new access, nor
more of an allowed one). Built on /work/shared/tools/privates.py's walk.
"""

from __future__ import annotations

import ast
import pathlib
from collections import Counter

from nodekit import _friends

ROOT = pathlib.Path(_friends.__file__).parent

# (module, name): (most accesses allowed, the owner). Shrink it; never grow it.
ALLOWED: dict[tuple[str, str], tuple[int, str]] = {
    # The standard library's own private hooks.
    ("events.py", "_getframe"): (1, "sys"),
    # The C object behind an ssl.SSLObject, whose SSL* the OpenSSL bindings read.
    ("_openssl.py", "_sslobj"): (2, "ssl"),
    ("runtime.py", "_exit"): (1, "os"),
    ("runtime.py", "_run_exitfuncs"): (1, "atexit"),
    ("stream/readable.py", "_get_running_loop"): (1, "asyncio"),
}


def _defined(tree: ast.AST) -> set[str]:
    """The names a module defines itself (its own privates)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store)
              and isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
            names.add(node.attr)
        elif (isinstance(node, ast.Assign) and len(node.targets) == 1
              and isinstance(node.targets[0], ast.Name) and node.targets[0].id == "__slots__"):
            names.update(c.value for c in ast.walk(node.value)
                         if isinstance(c, ast.Constant) and isinstance(c.value, str))
    return names


def cross_module_accesses() -> Counter[tuple[str, str]]:
    found: Counter[tuple[str, str]] = Counter()
    for path in sorted(ROOT.rglob("*.py")):
        tree = ast.parse(path.read_text())
        own_classes = {n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef)}
        own = _defined(tree)
        module = path.relative_to(ROOT).as_posix()
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                    and not node.attr.startswith("__")):
                continue
            base = node.value
            if isinstance(base, ast.Name) and base.id in ("self", "cls", *own_classes):
                continue
            if (isinstance(base, ast.Call) and isinstance(base.func, ast.Name)
                    and base.func.id == "super"):
                continue
            if node.attr in own or node.attr in _friends.FRIEND_HOOKS:
                continue
            found[module, node.attr] += 1
    return found


def test_no_new_cross_module_private_access() -> None:
    over = {key: count for key, count in cross_module_accesses().items()
            if count > ALLOWED.get(key, (0, ""))[0]}
    assert not over, (f"cross-module private access beyond the allow-list {over}: "
                      "use a public name or a hook declared in nodekit._friends")


def test_friend_hooks_are_defined_by_their_owner() -> None:
    for name, (owner, _what) in _friends.FRIEND_HOOKS.items():
        assert name in _defined(ast.parse((ROOT / owner).read_text())), (name, owner)
