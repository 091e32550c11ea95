# Port of Node v20 test/parallel/test-http-mutable-headers.js.
# Deviations: JS calls with a missing argument (res.setHeader(),
# res.getHeader()) pass None, JS `undefined`; the ERR_INVALID_ARG_TYPE
# messages end with the value as Python shows it ("Received None", Node's
# "Received undefined"), so has_header's bad names are checked up to that
# tail; Node's null and undefined are one None; `{toString}` is an object
# whose __str__ gives the name.
import pytest

from nodekit import http
from tests.node._common import HOST, raises

CONTENT = "hello world\n"
COOKIES = [
    "session_token=; path=/; expires=Sun, 15-Sep-2030 13:48:52 GMT",
    "prefers_open_id=; path=/; expires=Thu, 01-Jan-1970 00:00:00 GMT",
]
NAME_TYPE = 'The "name" argument must be of type string.'


class _Named:
    def __str__(self):
        return "X-TEST-HEADER2"


def _headers_case(res):
    # The header functions work before any header is set.
    assert res.get_headers() == {}
    assert res.get_header_names() == []
    assert res.get_raw_header_names() == []
    assert res.has_header("Connection") is False
    assert res.get_header("Connection") is None

    raises(lambda: res.set_header(None, None), code="ERR_INVALID_HTTP_TOKEN", cls=TypeError,
           message='Header name must be a valid HTTP token ["undefined"]')
    raises(lambda: res.set_header("someHeader", None), code="ERR_HTTP_INVALID_HEADER_VALUE",
           cls=TypeError, message='Invalid value "undefined" for header "someHeader"')
    raises(lambda: res.get_header(None), code="ERR_INVALID_ARG_TYPE", cls=TypeError,
           message=NAME_TYPE + " Received None")
    raises(lambda: res.remove_header(None), code="ERR_INVALID_ARG_TYPE", cls=TypeError,
           message=NAME_TYPE + " Received None")

    array_values = [1, 2, 3]
    res.set_header("x-test-header", "testing")
    res.set_header("X-TEST-HEADER2", "testing")
    res.set_header("set-cookie", COOKIES)
    res.set_header("x-test-array-header", array_values)
    assert res.get_header("x-test-header") == "testing"
    assert res.get_header("x-test-header2") == "testing"
    assert res.get_headers() == {"x-test-header": "testing", "x-test-header2": "testing",
                                 "set-cookie": COOKIES, "x-test-array-header": array_values}
    assert res.get_header_names() == ["x-test-header", "x-test-header2", "set-cookie",
                                      "x-test-array-header"]
    assert res.get_raw_header_names() == ["x-test-header", "X-TEST-HEADER2", "set-cookie",
                                          "x-test-array-header"]
    assert res.has_header("x-test-header2") is True
    assert res.has_header("X-TEST-HEADER2") is True
    assert res.has_header("X-Test-Header2") is True
    for val in (None, True, {}, _Named(), lambda: None):
        raises(lambda val=val: res.has_header(val), code="ERR_INVALID_ARG_TYPE", cls=TypeError,
               message=NAME_TYPE)
    res.remove_header("x-test-header2")
    assert res.has_header("x-test-header2") is False
    assert res.has_header("X-TEST-HEADER2") is False
    assert res.has_header("X-Test-Header2") is False


def test_mutable_headers_on_the_response_and_the_request(common):
    state = {"test": "headers"}

    def main():
        def handler(req, res):
            test = state["test"]
            if test == "headers":
                _headers_case(res)
            elif test == "contentLength":
                res.set_header("content-length", len(CONTENT))
                assert res.get_header("Content-Length") == len(CONTENT)
            elif test == "transferEncoding":
                res.set_header("transfer-encoding", "chunked")
                assert res.get_header("Transfer-Encoding") == "chunked"
            elif test == "writeHead":
                res.status_code = 404
                res.set_header("x-foo", "keyboard cat")
                res.write_head(200, {"x-foo": "bar", "x-bar": "baz"})
            else:
                pytest.fail("Unknown test")
            res.status_code = 201
            res.end(CONTENT)

        s = http.create_server(common.must_call(handler, 4))

        def next_test():
            if state["test"] == "end":
                s.close()
                return
            buffered = [""]

            def on_response(response):
                test = state["test"]
                headers = response.headers
                if test == "headers":
                    assert response.status_code == 201
                    assert headers["x-test-header"] == "testing"
                    assert headers["x-test-array-header"] == "1, 2, 3"
                    assert headers["set-cookie"] == COOKIES
                    assert "x-test-header2" not in headers
                    state["test"] = "contentLength"
                elif test == "contentLength":
                    assert int(headers["content-length"]) == len(CONTENT)
                    state["test"] = "transferEncoding"
                elif test == "transferEncoding":
                    assert headers["transfer-encoding"] == "chunked"
                    state["test"] = "writeHead"
                elif test == "writeHead":
                    assert headers["x-foo"] == "bar"
                    assert headers["x-bar"] == "baz"
                    assert response.status_code == 200
                    state["test"] = "end"
                else:
                    pytest.fail("Unknown test")
                response.set_encoding("utf8")

                def on_data(chunk):
                    buffered[0] += chunk

                def on_end(*_):
                    assert buffered[0] == CONTENT
                    common.must_call(next_test)()

                response.on("data", on_data)
                response.on("end", common.must_call(on_end))

            req = http.get({"host": HOST, "port": s.address()["port"],
                            "headers": {"X-foo": "bar"}}, common.must_call(on_response))
            assert req.get_header_names() == ["x-foo", "host"]
            assert req.get_raw_header_names() == ["X-foo", "Host"]

        s.listen(0, next_test)

    common.run(main)
