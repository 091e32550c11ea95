# Port of Node v20 test/parallel/test-http-request-join-authorization-headers.js.
# Deviations: headers['cookie'] is a list (API.md §6): where Node joins the
# two Cookie lines into 'foo; bar', the contract keeps ['foo', 'bar'].
# Node's flat raw header arrays are flat lists here too.
import pytest

from nodekit import http
from tests.node._common import at

CASES = [
    # server join, client join, server sees, client sees
    (True, True, "1, 2", "3, 4"),
    (False, True, "1", "3, 4"),
    (True, False, "1, 2", "3"),
]


@pytest.mark.parametrize("server_join,client_join,server_sees,client_sees", CASES)
def test_join_duplicate_headers_joins_authorization(server_join, client_join, server_sees,
                                                    client_sees, common):
    cookies = server_join and client_join

    def main():
        def handler(req, res):
            assert req.headers["authorization"] == server_sees
            if cookies:
                assert req.headers["cookie"] == ["foo", "bar"]
                res.write_head(200, ["authorization", "3", "authorization", "4",
                                     "cookie", "foo", "cookie", "bar"])
            else:
                res.write_head(200, ["authorization", "3", "authorization", "4"])
            res.end()

        server = http.create_server({"require_host_header": False,
                                     "join_duplicate_headers": server_join},
                                    common.must_call(handler))

        def go(port):
            headers = ["authorization", "1", "authorization", "2"]
            if cookies:
                headers += ["cookie", "foo", "cookie", "bar"]

            def on_response(res):
                assert res.status_code == 200
                assert res.headers["authorization"] == client_sees
                if cookies:
                    assert res.headers["cookie"] == ["foo", "bar"]
                res.resume().on("end", common.must_call(lambda: server.close()))

            http.get(at(port, headers=headers, join_duplicate_headers=client_join),
                     common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
