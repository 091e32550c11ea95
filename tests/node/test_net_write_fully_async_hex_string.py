# Port of Node v20 test/parallel/test-net-write-fully-async-hex-string.js.
# Deviations: 127.0.0.1; bytes for Buffer; no global.gc() (CPython keeps the bytes a write()
# queued alive by reference, which is what the GC call probes in Node).
# The body is shared with its sibling port: tests/node/_twins/net_siblings.py.
from tests.node._twins import net_siblings as body

DATA = bytes(1000000).hex()


def test_hex_string_writes_until_drain(common):
    body.writes_until_drain(common, lambda conn: conn.write(DATA, "hex"), 20)
