# Port of Node v20 test/parallel/test-http-early-hints.js.
# Deviations: the 'information' argument is a dict (API.md §1), so Node's
# res.headers.link is info["headers"]["link"].
import pytest

from nodekit import http
from tests.node._common import at

BODY = "response content\n"


def _serve(common, hints, on_information):
    def main():
        def handler(req, res):
            res.write_early_hints(hints)
            res.end(BODY)

        server = http.create_server(common.must_call(handler))

        def go(port):
            req = http.request(at(port, path="/"))
            if on_information is None:
                req.on("information", common.must_not_call())
            else:
                req.on("information", common.must_call(on_information))

            def on_response(res):
                body = []
                assert res.status_code == 200
                res.set_encoding("utf8")
                res.on("data", body.append)

                def on_end():
                    assert "".join(body) == BODY
                    server.close()

                res.on("end", common.must_call(on_end))

            req.on("response", common.must_call(on_response))
            req.end()

        common.listen(server, go)

    common.run(main)


def _expect(link, trace=None):
    def check(info):
        assert info["headers"]["link"] == link
        if trace is not None:
            assert info["headers"]["x-trace-id"] == trace
    return check


@pytest.mark.parametrize("hints,check", [
    ({"link": "</styles.css>; rel=preload; as=style"},
     _expect("</styles.css>; rel=preload; as=style")),
    ({"link": ["</styles.css>; rel=preload; as=style",
               "</scripts.js>; crossorigin; rel=preload; as=script",
               "</scripts.js>; rel=preload; as=script; crossorigin"]},
     _expect("</styles.css>; rel=preload; as=style, </scripts.js>; crossorigin; "
             "rel=preload; as=script, </scripts.js>; rel=preload; as=script; crossorigin")),
    ({"link": []}, None),
    ({"link": "</styles.css>; rel=preload; as=style", "x-trace-id": "id for diagnostics"},
     _expect("</styles.css>; rel=preload; as=style", "id for diagnostics")),
    ({"link": ["</styles.css>; rel=preload; as=style", "</scripts.js>; rel=preload; as=script"],
      "x-trace-id": "id for diagnostics"},
     _expect("</styles.css>; rel=preload; as=style, </scripts.js>; rel=preload; as=script",
             "id for diagnostics")),
    ({}, None),
], ids=["string", "array", "empty array", "object with string", "object with array",
        "empty object"])
def test_early_hints(hints, check, common):
    _serve(common, hints, check)
