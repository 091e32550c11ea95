# Port of Node v20 test/parallel/test-http-expect-handling.js.
# Deviations: none; an unknown Expect is answered 417 by the server itself,
# then by a 'checkExpectation' listener.
from nodekit import http
from tests.node._common import at


def test_unknown_expectation_is_a_417(common):
    def main():
        def handler(req, res):
            raise Exception("this should never be executed")

        server = http.create_server(handler)
        done = []

        def next_test(port):
            if len(done) == 2:
                server.close()
                return
            if done:
                def check_expectation(req, res):
                    res.status_code = 417
                    res.end()

                server.on("checkExpectation", common.must_call(check_expectation))

            def on_response(response):
                assert response.status_code == 417
                assert response.status_message == "Expectation Failed"

                def on_end():
                    done.append(1)
                    next_test(port)

                response.on("end", common.must_call(on_end))
                response.resume()

            http.get(at(port, headers={"Expect": "meoww"}), common.must_call(on_response))

        common.listen(server, next_test)

    common.run(main)
