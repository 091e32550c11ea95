# Port of Node v20 test/parallel/test-http-decoded-auth.js.
# Deviations: the WHATWG URL object is a URL string (its userinfo percent-
# decoded the same way); the host is 127.0.0.1.
import pytest

from nodekit import http

CASES = [
    ('test@test"', "123456^", "dGVzdEB0ZXN0IjoxMjM0NTZe"),
    ("test%40test", "123456", "dGVzdEB0ZXN0OjEyMzQ1Ng=="),
    ("not%3Agood", "god", "bm90Omdvb2Q6Z29k"),
    ("not%22good", "g%5Eod", "bm90Imdvb2Q6Z15vZA=="),
    ("test1234::::", "mypass", "dGVzdDEyMzQ6Ojo6Om15cGFzcw=="),
]


@pytest.mark.parametrize("username,password,expected", CASES)
def test_url_userinfo_is_decoded_into_basic_auth(username, password, expected, common):
    def main():
        def handler(request, response):
            assert request.headers["authorization"] == f"Basic {expected}"
            response.write_head(200, {})
            response.end("ok")
            server.close()

        server = http.create_server(common.must_call(handler))

        def go(port):
            url = f"http://{username}:{password}@127.0.0.1:{port}"
            http.request(url, lambda res: res.resume()).end()

        common.listen(server, go)

    common.run(main)
