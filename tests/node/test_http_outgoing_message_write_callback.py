# Port of Node v20 test/parallel/test-http-outgoing-message-write-callback.js.
# Deviations: Node's request stand-in is an object literal; here a
# SimpleNamespace with the same fields (method, http_version_major/minor).
# The original loops over the one-element list ['GET, HEAD'] (sic): ported as is.
from types import SimpleNamespace

from nodekit import http, stream


def test_every_write_callback_runs_in_order_before_end(common):
    def main():
        for method in ["GET, HEAD"]:
            expected = ["a", "b", "", b"", "c"]
            results = []
            writable = stream.Writable(write=lambda chunk, encoding, callback: callback())
            res = http.ServerResponse(SimpleNamespace(method=method, http_version_major=1,
                                                      http_version_minor=1))
            res.assign_socket(writable)
            for chunk in expected:
                res.write(chunk, lambda *a, chunk=chunk, results=results: results.append(chunk))

            def on_end(*_, results=results, expected=expected):
                assert results == expected

            res.end(common.must_call(on_end))

    common.run(main)
