# Port of Node v20 test/parallel/test-http-status-reason-invalid-chars.js.
# Deviations: the host is 127.0.0.1, not localhost.
from nodekit import http
from tests.node._common import raises

MSG = "Invalid character in statusMessage"


def explicit(req, res):
    raises(lambda: res.write_head(200, "OK\r\nContent-Type: text/html\r\n"), message=MSG)
    raises(lambda: res.write_head(200, "OK\u010D\u010AContent-Type: gotcha\r\n"), message=MSG)
    res.status_message = "OK"
    res.end()


def implicit(req, res):
    def go():
        res.status_message = "OK\r\nContent-Type: text/html\r\n"
        res.write_head(200)

    raises(go, message=MSG)
    res.status_message = "OK"
    res.end()


def test_status_message_with_cr_lf_or_wide_chars_throws(common):
    def main():
        server = http.create_server(
            lambda req, res: explicit(req, res) if req.url == "/explicit" else implicit(req, res))
        left = [2]

        def check(res):
            assert res.headers.get("content-type") not in ("text/html", "gotcha")
            res.resume()
            left[0] -= 1
            if left[0] == 0:
                server.close()

        def go(port):
            url = f"http://127.0.0.1:{port}"
            c = common.must_call(check, 2)
            http.get(f"{url}/explicit", c).end()
            http.get(f"{url}/implicit", c).end()

        common.listen(server, go)

    common.run(main)
