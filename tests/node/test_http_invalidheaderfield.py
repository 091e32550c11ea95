# Port of Node v20 test/parallel/test-http-invalidheaderfield.js.
# Deviations: none.
from nodekit import http
from tests.node._common import at, raises


def test_header_names_with_a_space_throw(common):
    def main():
        def handler(req, res):
            res.set_header("testing_123", 123)
            raises(lambda: res.set_header("testing 123", 123), cls=TypeError)
            res.end("")

        server = http.create_server(handler)
        left = [3]

        def done(res=None):
            if res is not None:
                res.resume()
            left[0] -= 1
            if left[0] == 0:
                server.close()

        def go(port):
            http.get(at(port), common.must_call(done))
            raises(lambda: http.get(at(port, headers={"testing 123": 123}),
                                    common.must_not_call()), cls=TypeError)
            done()
            http.get(at(port, headers={"testing_123": 123}), common.must_call(done))

        common.listen(server, go)

    common.run(main)
