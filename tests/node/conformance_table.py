"""Regenerate docs/conformance.md from a run of the ports in tests/node/.

    python tests/node/conformance_table.py            # run the ports, print the table
    python tests/node/conformance_table.py --write    # ... and write docs/conformance.md
    python tests/node/conformance_table.py --junit results.xml [--write]

Every Node v20 ``test/parallel/test-http-*.js`` file (the list in
``node_v20_http_tests.txt``) lands in one row of the first table, every
``test-https-*.js`` file (``node_v20_https_tests.txt``) in one of the second,
and the selected ``test-net-*.js`` / ``test-stream-*.js`` files (the lists'
header comments say how they were selected) in a third and a fourth:

- **passing**: ``test_<name>.py`` exists and every test in it passed;
- **failing**: it exists and a test is ``xfail(strict=True)`` (the NodeKit
  bug, as the xfail reason says) — or failed outright in this run;
- **n/a**: listed in ``NOT_APPLICABLE`` (``HTTPS_NOT_APPLICABLE``) below
  with the reason;
- **not yet ported**: anything else.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LIST = HERE / "node_v20_http_tests.txt"
HTTPS_LIST = HERE / "node_v20_https_tests.txt"
NET_LIST = HERE / "node_v20_net_tests.txt"
STREAM_LIST = HERE / "node_v20_stream_tests.txt"
DOC = ROOT / "docs" / "conformance.md"

# Narrow: only files whose subject is a Node internal or a Node-only
# mechanism that no NodeKit user can reach.
NOT_APPLICABLE = {
    "test-http-agent-domain-reused-gc.js":
        "the `domain` module, async_hooks and V8's `gc()` (--expose-gc/--expose-internals)",
    "test-http-client-response-domain.js": "the deprecated `domain` module (not in NodeKit)",
    "test-http-parser-bad-ref.js": "the private `_http_common` parser object and V8's `gc()`",
    "test-http-parser-lazy-loaded.js":
        "internalBinding('http_parser') loading order (--expose-internals)",
    "test-http-parser-timeout-reset.js": "process.binding('http_parser') driven by hand",
    "test-http-perf_hooks.js": "the `perf_hooks` module's HTTP entries (not in NodeKit)",
    "test-http-server-connections-checking-leak.js": "V8 garbage collection (--expose-gc, onGC)",
    "test-http-server-keepalive-req-gc.js": "V8 garbage collection (--expose-gc, onGC)",
    "test-http-outgoing-internal-headers.js":
        "the internal kOutHeaders symbol and `_header` (--expose-internals)",
    "test-http-outgoing-renderHeaders.js": "the private `_renderHeaders()` (--expose-internals)",
    "test-http-outgoing-internal-headernames-getter.js":
        "the deprecated private `_headerNames` accessor (DEP0066)",
    "test-http-outgoing-internal-headernames-setter.js":
        "the deprecated private `_headerNames` accessor (DEP0066)",
    "test-http-debug.js": "the NODE_DEBUG=http warning of the node binary",
    "test-http-client-immediate-error.js":
        "a fake libuv handle whose connect() returns UV_ENETUNREACH, with async_hooks ids "
        "(--expose-internals)",
    "test-http-parser.js":
        "drives the internal HTTPParser binding of `_http_common` by hand (its kOn* slots)",
    "test-http-parser-memory-retention.js":
        "the internal parser object's kOnTimeout/onIncoming slots (`_http_common`)",
    "test-http-same-map.js": "V8 hidden classes (%HaveSameMap, --allow-natives-syntax)",
    "test-http-server-connection-list-when-close.js":
        "replaces the internal socket.parser.free of `_http_common`",
}


# The same rule for the test-https-*.js files.
HTTPS_NOT_APPLICABLE = {
    "test-https-server-connections-checking-leak.js":
        "V8 garbage collection (--expose-gc, onGC)",
    "test-https-resume-after-renew.js":
        "the private `server._sharedCreds.context` ticket-key callback "
        "(enableTicketKeyCallback/onticketkeycallback)",
    "test-https-client-renegotiation-limit.js":
        "TLS renegotiation (tls_socket.renegotiate(), tls.CLIENT_RENEG_LIMIT): Python's "
        "ssl has no renegotiation, and the loop's TLS transport (uvloop's, asyncio's) "
        "never sends a handshake after the first",
}


# The same rule for the selected test-net-*.js and test-stream-*.js files.
NET_NOT_APPLICABLE: dict[str, str] = {
    "test-net-end-close.js":
        "a fake libuv handle fed UV_EOF through internalBinding('stream_wrap') "
        "(--expose-internals)",
}
STREAM_NOT_APPLICABLE: dict[str, str] = {
    "test-stream-objectmode-undefined.js":
        "JS `undefined` as an object-mode chunk: Python's one None is JS `null` "
        "(`push(None)` ends the stream, `write(None)` is ERR_STREAM_NULL_VALUES)",
}


def read_list(path: Path) -> list[str]:
    """The file names of a list, without its ``#`` header comment."""
    return [line.strip() for line in path.read_text().splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def port_name(js: str) -> str:
    return "test_" + js[len("test-"):-len(".js")].replace("-", "_").replace(".", "_") + ".py"


def run_ports(junit: Path) -> None:
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
           f"--junitxml={junit}", "-o", "junit_family=xunit1", str(HERE)]
    subprocess.run(cmd, cwd=ROOT, check=False)


def outcomes(junit: Path) -> dict[str, dict[str, list[str]]]:
    """module file name -> {'passed': [...], 'xfail': [reasons], 'failed': [...]}"""
    result: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for case in ET.parse(junit).getroot().iter("testcase"):
        module = (case.get("file") or case.get("classname", "").replace(".", "/") + ".py")
        name = os.path.basename(module)
        skipped = case.find("skipped")
        if case.find("failure") is not None or case.find("error") is not None:
            result[name]["failed"].append(case.get("name", ""))
        elif skipped is not None and skipped.get("type") == "pytest.xfail":
            result[name]["xfail"].append(skipped.get("message", "").strip())
        elif skipped is not None:
            result[name]["skipped"].append(case.get("name", ""))
        else:
            result[name]["passed"].append(case.get("name", ""))
    return result


Row = tuple[str, str, list[str]]  # Node file, status, reasons


def classify(files: list[str], results: dict[str, dict[str, list[str]]],
             not_applicable: dict[str, str] = NOT_APPLICABLE) -> list[Row]:
    rows: list[Row] = []
    for js in files:
        py = port_name(js)
        if js in not_applicable:
            rows.append((js, "n/a", [not_applicable[js]]))
        elif (HERE / py).exists():
            got = results.get(py, {})
            if got.get("failed"):
                rows.append((js, "failing", ["fails in this run: " + ", ".join(got["failed"])]))
            elif got.get("xfail"):
                reasons = sorted(set(r.removeprefix("reason: ") for r in got["xfail"]))
                rows.append((js, "failing", reasons))
            elif got.get("passed"):
                rows.append((js, "passing", []))
            else:
                rows.append((js, "failing", ["no test ran"]))
        else:
            rows.append((js, "not yet ported", []))
    return rows


LABEL = {"passing": "ported, passing", "failing": "ported, failing", "n/a": "not applicable",
         "not yet ported": "not yet ported"}


def by_cause(rows: list[Row]) -> list[tuple[str, list[str]]]:
    """Each distinct xfail reason with the files it fails, most files first."""
    causes: dict[str, list[str]] = defaultdict(list)
    for js, status, reasons in rows:
        if status == "failing":
            for reason in reasons:
                causes[reason].append(js)
    return sorted(causes.items(), key=lambda kv: (-len(kv[1]), kv[0]))


def cell(text: str) -> str:
    return text.replace("|", "/").replace("\n", " ")


def counts_table(rows: list[Row], tests: dict[str, int]) -> list[str]:
    total = len(rows)
    count = {k: sum(1 for r in rows if r[1] == k) for k in LABEL}
    out = ["| status | files | share |", "|---|---|---|"]
    for key, label in LABEL.items():
        out.append(f"| {label} | {count[key]} | {100 * count[key] / total:.1f} % |")
    return out + [f"| total | {total} | 100 % |", "",
                  f"Test functions in this run: {tests['passed']} passed, {tests['xfail']} "
                  f"xfail (strict), {tests['failed']} failed.", ""]


def rows_and_causes(rows: list[Row], heading: str) -> list[str]:
    out = ["| Node v20 file | status | reason |", "|---|---|---|"]
    for js, status, reasons in rows:
        out.append(f"| `{js}` | {LABEL[status]} | {cell(' // '.join(reasons))} |")
    out += ["", f"{heading} Failing ports by cause", "",
            "Each distinct reason a port is `xfail` (one NodeKit bug or gap), with the files",
            "it fails:", ""]
    for reason, files in by_cause(rows):
        names = ", ".join(f"`{f}`" for f in files)
        out.append(f"- {cell(reason)} — {names}")
    return out


Section = tuple[str, str, list[Row], dict[str, int]]  # title, intro, rows, test counts


def render(rows: list[Row], tests: dict[str, int], extra: list[Section] | None = None) -> str:
    out = [
        "# Conformance: Node v20's own `test-http-*.js`, ported",
        "",
        "Generated by `python tests/node/conformance_table.py --write` from a run of",
        "`tests/node/` (one pytest file per Node file, named after it; each port's",
        "header comment names the original and every deviation). Do not edit by hand.",
        "",
        "**How the files were counted.** Every `test/parallel/test-http-*.js` of Node",
        "v20.11.1's tree (Deno's vendored copy `denoland/node_test`, commit `be779569`,",
        "\"vendor v20.11.1\"): "
        f"{len(rows)} files. `test-http2-*` files are the `http2` module and not in the",
        "count (they do not match `test-http-*`). Where Node v20.20.2 (the `node` on this",
        "machine, the reference) behaves differently from the v20.11 file, the port",
        "asserts v20.20's behaviour and says so in its header.",
        "",
        *counts_table(rows, tests),
        "A port marked *failing* is `xfail(strict=True)`: it fails on NodeKit for the",
        "reason given (a NodeKit bug or gap), and will fail the suite once fixed, so",
        "that its mark is removed.", "",
        *rows_and_causes(rows, "##"),
    ]
    for title, intro, sec_rows, sec_tests in extra or []:
        out += ["", f"## {title}", "", intro.format(n=len(sec_rows)), "",
                *counts_table(sec_rows, sec_tests), *rows_and_causes(sec_rows, "###")]
    return "\n".join(out) + "\n"


HTTPS_INTRO = (
    "Every `test/parallel/test-https-*.js` of the same tree: {n} files, counted and\n"
    "marked by the same rules. Node's key fixtures (`agent1`, `ca1`, ...) are made\n"
    "at run time in the same shapes (`tests/node/_tls.py`), never checked in.")
SELECTED_INTRO = (
    "The {n} `test/parallel/{glob}` files of the same tree that exercise what the\n"
    "HTTP stack relies on (the selection rule is the header of\n"
    "`tests/node/{list}`), counted and marked by the same rules.")


def sections(results: dict[str, dict[str, list[str]]]) -> list[Section]:
    """The tables after the http one: https, then the selected net and stream files."""
    out: list[Section] = []
    for title, intro, path, na in (
            ("`test-https-*.js`", HTTPS_INTRO, HTTPS_LIST, HTTPS_NOT_APPLICABLE),
            ("`test-net-*.js` (selected)", SELECTED_INTRO, NET_LIST, NET_NOT_APPLICABLE),
            ("`test-stream-*.js` (selected)", SELECTED_INTRO, STREAM_LIST,
             STREAM_NOT_APPLICABLE)):
        files = read_list(path)
        glob = title.split("`")[1]
        out.append((title, intro.replace("{glob}", glob).replace("{list}", path.name),
                    classify(files, results, na), suite_tests(files, results)))
    return out


def suite_tests(files: list[str], results: dict[str, dict[str, list[str]]]) -> dict[str, int]:
    """Test functions by outcome in the ports of ``files``."""
    ports = {port_name(js) for js in files}
    return {k: sum(len(v.get(k, [])) for name, v in results.items() if name in ports)
            for k in ("passed", "xfail", "failed")}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--junit", type=Path, help="junit xml of a run of tests/node (default: run)")
    ap.add_argument("--write", action="store_true", help="write docs/conformance.md")
    args = ap.parse_args()
    files = read_list(LIST)
    junit = args.junit
    if junit is None:
        junit = Path(tempfile.mkdtemp()) / "node-ports.xml"
        run_ports(junit)
    results = outcomes(junit)
    text = render(classify(files, results), suite_tests(files, results), sections(results))
    if args.write:
        DOC.write_text(text)
    parts = text.split("\n## `test-")
    print(text if not args.write else "\n## `test-".join(
        part.split("| Node v20 file")[0] for part in parts))
    return 0


if __name__ == "__main__":
    sys.exit(main())
