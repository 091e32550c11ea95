# Port of Node v20 test/parallel/test-http-agent-false.js.
# Deviations: none (port None is the default port 80 on 127.0.0.1: the
# request ends with exactly one 'response' or 'error').
from nodekit import http


def test_agent_false_request_ends_in_one_response_or_error(common):
    def main():
        req = http.request({"host": "127.0.0.1", "port": None, "path": "/", "method": "GET",
                            "agent": False})
        one = common.must_call(lambda *a: a and hasattr(a[0], "resume") and a[0].resume())
        req.on("response", one)
        req.on("error", one)
        req.end()

    common.run(main)
