# Port of Node v20 test/parallel/test-https-abortcontroller.js.
# Deviations: Node's three async blocks run concurrently in one process; here
# they are three pytest tests, each an ``async def`` task; getEventListeners
# is events.get_event_listeners; the host is 127.0.0.1 (Node: localhost).
# The agent1 certificate is made at run time (tests/node/_tls.py).
import pytest

from nodekit import AbortController, events, https, next_tick
from nodekit.runtime import spawn
from tests.node._tls import agent1_options


def _request(port, signal):
    return https.request({"host": "127.0.0.1", "port": port, "path": "/", "method": "GET",
                          "reject_unauthorized": False, "signal": signal})


@pytest.mark.parametrize("when", ["async post-aborted", "sync post-aborted", "pre-aborted"])
def test_the_signal_aborts_the_request(common, when):
    def main():
        server = https.create_server(agent1_options(), lambda req, res: None)

        async def check(port):
            try:
                ac = AbortController()
                if when == "pre-aborted":
                    ac.abort()
                req = _request(port, ac.signal)
                listeners = 0 if when == "pre-aborted" else 1
                assert len(events.get_event_listeners(ac.signal, "abort")) == listeners
                if when == "async post-aborted":
                    next_tick(ac.abort)
                elif when == "sync post-aborted":
                    ac.abort()
                (err,) = await events.once(req, "error")
                assert err.name == "AbortError"
                assert err.code == "ABORT_ERR"
            finally:
                server.close()
            done()

        done = common.must_call()
        common.listen(server, lambda port: spawn(check(port)))

    common.run(main)
