# Port of Node v20 test/parallel/test-http-header-obstext.js.
# Deviations: none ('Düsseldorf' goes out as latin-1 obs-text, as in Node).
from nodekit import http
from tests.node._common import at


def test_obs_text_header_value_is_accepted(common):
    def main():
        server = http.create_server(common.must_call(lambda req, res: res.end("ok")))

        def go(port):
            def on_response(res):
                assert res.status_code == 200
                res.resume()
                server.close()

            http.get(at(port, headers={"Test": "Düsseldorf"}), common.must_call(on_response))

        common.listen(server, go)

    common.run(main)
