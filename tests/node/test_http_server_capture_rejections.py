# Port of Node v20 test/parallel/test-http-server-capture-rejections.js.
# Deviations: events.captureRejections = true is events.capture_rejections;
# an async listener is an ``async def``; Node's latch promise is an
# asyncio.Event. The three blocks are three tests.
import asyncio

import pytest

from nodekit import events, http
from tests.node._common import at


@pytest.fixture
def capture():
    saved = getattr(events, "capture_rejections", None)
    events.capture_rejections = True
    yield
    events.capture_rejections = saved


def _get(port):
    """``http.request({port, method: 'GET'}).end()``, Node's client of all three blocks."""
    req = http.request(at(port, method="GET"))
    req.end()
    return req


def test_a_rejection_before_the_head_is_a_500(common, capture):
    def main():
        async def handler(req, res):
            res.set_header("content-type", "application/json")
            raise Exception("kaboom")

        server = http.create_server(common.must_call(handler))

        def go(port):
            req = _get(port)

            def on_response(res):
                assert res.status_code == 500
                assert "content-type" not in res.headers
                data = []
                res.set_encoding("utf8")
                res.on("data", common.must_call(data.append))

                def on_end():
                    assert "".join(data) == "Internal Server Error"
                    server.close()

                res.on("end", common.must_call(on_end))

            req.on("response", common.must_call(on_response))

        common.listen(server, go)

    common.run(main)


def test_a_rejection_after_a_write_destroys_the_socket(common, capture):
    def main():
        latch = asyncio.Event()

        async def handler(req, res):
            server.close()
            res.set_header("content-type", "application/json")
            res.write("{")
            req.resume()
            await latch.wait()
            raise Exception("kaboom")

        server = http.create_server(common.must_call(handler))

        def go(port):
            req = _get(port)

            def on_response(res):
                assert res.status_code == 200
                assert res.headers["content-type"] == "application/json"
                latch.set()
                data = []
                res.set_encoding("utf8")
                res.on("data", common.must_call(data.append))
                res.on("error", lambda err: None)
                req.on("close", common.must_call(lambda: _eq("".join(data), "{")))

            req.on("response", common.must_call(on_response))

        common.listen(server, go)

    common.run(main)


def test_a_rejection_after_write_head_resets_the_connection(common, capture):
    def main():
        async def handler(req, res):
            res.write_head(200)
            raise Exception("kaboom")

        server = http.create_server(common.must_call(handler))

        def go(port):
            req = _get(port)

            def on_error(err):
                assert err.code == "ECONNRESET"
                server.close()

            req.on("error", common.must_call(on_error))

        common.listen(server, go)

    common.run(main)


def _eq(a, b):
    assert a == b
