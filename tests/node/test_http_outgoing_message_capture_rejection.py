# Port of Node v20 test/parallel/test-http-outgoing-message-capture-rejection.js.
# Deviations: Node sets events.captureRejections = true for the process;
# the port sets events.capture_rejections (Node's name, spelled as API.md
# §1 says) for the test only.
import pytest

from nodekit import events, http
from tests.node._common import HOST


@pytest.fixture
def capture_rejections(monkeypatch):
    monkeypatch.setattr(events, "capture_rejections", True, raising=False)


def test_a_rejected_drain_listener_destroys_the_response(common, capture_rejections):
    def main():
        err = Exception("kaboom")

        def handler(req, res):
            async def on_drain():
                raise err

            res.on("drain", common.must_call(on_drain))

            def on_socket_error(e):
                assert e is err
                server.close()

            res.socket.on("error", common.must_call(on_socket_error))
            # Write until the buffer is full.
            res.write_head(200, {"Connection": "close"})
            while res.write("hello"):
                pass

        server = http.create_server(common.must_call(handler))

        def go(port):
            req = http.request({"method": "GET", "host": HOST, "port": port})
            req.end()

            def on_response(res):
                res.on("aborted", common.must_call())
                res.on("error", common.expects_error(code="ECONNRESET"))
                res.resume()

            req.on("response", common.must_call(on_response))

        common.listen(server, go)

    common.run(main, timeout=3)


def test_a_rejected_drain_listener_destroys_the_request(common, capture_rejections):
    def main():
        err = Exception("kaboom")
        state = {"res": None, "end": False}

        def handler(req, res):
            state["res"] = res
            if state["end"]:
                res.end()

        server = http.create_server(handler)

        def go(port):
            req = http.request({"method": "POST", "host": HOST, "port": port})
            req.on("response", common.must_not_call())

            def on_error(e):
                server.close()
                if state["res"] is not None:
                    state["res"].end()
                else:
                    state["end"] = True
                assert e is err

            req.on("error", common.must_call(on_error))

            async def on_drain():
                raise err

            req.on("drain", common.must_call(on_drain))
            while req.write("hello"):
                pass

        common.listen(server, go)

    common.run(main, timeout=3)
