"""Build script: NodeKit's optional compiled speed-up.

The hot modules (loop glue, events, streams, net, http) are compiled with
Cython *unchanged*, from the same ``.py`` sources: no Cython syntax, no type
declarations, the same semantics (annotations are ignored, functions stay
introspectable). A ``.pxd`` beside a module (``nodekit/events.pxd``) makes one
of its classes an extension type when compiled and is not read otherwise
(docs/architecture.md, "Extension types under Python subclasses"). Where
Cython or a C compiler is missing, or ``NODEKIT_PURE=1``
is set at build time, NodeKit installs as pure Python, and every behaviour is
the same; only the speed differs. At import, ``nodekit`` prefers a ``.py``
newer than its compiled module (see ``nodekit/_loader.py``).
"""

from __future__ import annotations

import glob
import os
import sysconfig

from setuptools import setup
from setuptools.command.build_ext import build_ext

# The modules on the per-request path that run faster compiled (callgrind,
# docs/architecture.md). net.py compiled unchanged cost more (server +3.3 k,
# client +4.8 k instructions per request: its hot lines are Socket attribute
# reads); with net.pxd's C core under Socket (_SocketCore) it is a gain
# (docs/architecture.md, "A C core under net.Socket").
# http/_server.py was left out for that reason until its
# connection and ServerResponse's state became extension types (_server.pxd);
# _client.py's connection and _parser.py's httptools parsers are extension
# types too (their .pxd).
HOT_MODULES = [
    "nodekit/runtime.py",
    "nodekit/events.py",
    "nodekit/net.py",
    "nodekit/_tlsbio.py",
    "nodekit/stream/_util.py",
    "nodekit/stream/readable.py",
    "nodekit/stream/writable.py",
    "nodekit/stream/duplex.py",
    "nodekit/http/_common.py",
    "nodekit/http/_incoming.py",
    "nodekit/http/_outgoing.py",
    "nodekit/http/_client.py",
    "nodekit/http/_agent.py",
    "nodekit/http/_server.py",
    "nodekit/http/_parser.py",
]

# Written for Cython (no .py twin): the HTTP parser of issue 12. Where it is not
# built, nodekit/http/_parser.py runs the httptools-based parser instead.
NATIVE_MODULES = [
    "nodekit/http/_native_parser.pyx",
    "nodekit/_tlsdirect.pyx",  # OpenSSL called straight from _tlsbio (no headers, no link)
]

# Plain-Python semantics: annotations are not C types, functions are real
# (binding) function objects.
DIRECTIVES = {"language_level": 3, "binding": True, "annotation_typing": False,
              "emit_code_comments": False}


class OptionalBuildExt(build_ext):
    """Compiles in parallel. If any module fails to compile, none is kept: the
    compiled modules cimport each other's extension types (a ``.pxd`` names a
    type another module defines), so a compiled module beside the pure source
    of one it cimports would fail at import. The package then runs as pure
    Python, with the same behaviour."""

    failed: list[str]

    def finalize_options(self) -> None:
        super().finalize_options()
        if not self.parallel:
            self.parallel = os.cpu_count() or 1

    def run(self) -> None:
        self.failed = []
        if self.inplace:
            _remove_stale_builds()
        super().run()
        if self.failed:
            self._remove_outputs()
            self.warn(f"nodekit: {', '.join(self.failed)} not compiled: every module"
                      " runs as pure Python")

    def copy_extensions_to_source(self) -> None:
        if not self.failed:  # (--inplace: nothing is copied from a partial build)
            super().copy_extensions_to_source()

    def _remove_outputs(self) -> None:
        """The modules built now (build directory) and an earlier build's (in place)."""
        inplace = self.inplace
        for self.inplace in (False, True):
            for ext in self.extensions:
                built = self.get_ext_fullpath(ext.name)
                if os.path.exists(built):
                    os.remove(built)
        self.inplace = inplace

    def build_extension(self, ext):  # type: ignore[no-untyped-def]
        try:
            super().build_extension(ext)
        except Exception as exc:  # noqa: BLE001 - any compiler failure: fall back
            self.failed.append(ext.name)
            self.warn(f"nodekit: {ext.name} not compiled ({exc})")


def _remove_stale_builds() -> None:
    """Delete compiled modules (and their generated C) of an earlier build that
    the list no longer names: a stale one would shadow its source."""
    wanted = {os.path.splitext(path)[0] for path in HOT_MODULES + NATIVE_MODULES}
    if os.environ.get("NODEKIT_PURE"):
        wanted = set()
    suffix = sysconfig.get_config_var("EXT_SUFFIX")
    for pattern, ext in (("nodekit/**/*" + suffix, suffix), ("nodekit/**/*.c", ".c")):
        for built in glob.glob(pattern, recursive=True):
            if built[: -len(ext)] not in wanted:
                os.remove(built)


def extensions() -> list:
    if os.environ.get("NODEKIT_PURE"):
        return []
    try:
        from Cython.Build import cythonize
        from Cython.Compiler.Errors import CompileError
    except ImportError:
        return []
    try:
        modules = cythonize(HOT_MODULES, compiler_directives=DIRECTIVES, quiet=True,
                            nthreads=os.cpu_count() or 1)
        # (the native modules carry their own directives in their first line)
        modules += cythonize(NATIVE_MODULES, quiet=True, nthreads=os.cpu_count() or 1)
    except CompileError as exc:  # all or nothing, as in OptionalBuildExt
        print(f"nodekit: {exc} not cythonized: every module runs as pure Python")
        return []
    for ext in modules:
        ext.extra_compile_args.append("-w")  # generated C: its warnings are not ours to fix
    return modules


setup(ext_modules=extensions(), cmdclass={"build_ext": OptionalBuildExt})
