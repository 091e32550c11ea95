# Port of Node v20 test/parallel/test-http-createConnection.js.
# Deviations: Node's async/await chain over promises is a chain of callbacks
# here (each request starts when the previous one answered). NodeKit calls a
# hook that takes two arguments with (options, oncreate), as Node always
# does; the first hook, JS `function createConnection()`, takes `cb=None`
# (common.must_call's wrapper takes any arguments).
from nodekit import http, net, next_tick, set_immediate
from tests.node._common import HOST


def test_create_connection_returned_given_later_or_both_and_its_errors(common):
    errors = []

    def main():
        server = http.create_server(common.must_call(lambda req, res: res.end(), 4))

        def connect():
            return net.create_connection(server.address()["port"], HOST)

        def create_connection(options, cb=None):
            return connect()

        def create_connection_async(options, cb):
            set_immediate(lambda: cb(None, connect()))

        def create_connection_both1(options, cb):
            socket = connect()
            set_immediate(lambda: cb(None, socket))
            return socket

        def create_connection_both2(options, cb):
            socket = connect()
            cb(None, socket)
            return socket

        def create_connection_error(options, cb):
            raise Exception("sync")

        def create_connection_async_error(options, cb):
            next_tick(cb, Exception("async"))

        good = [create_connection, create_connection_async, create_connection_both1,
                create_connection_both2]
        bad = [create_connection_error, create_connection_async_error]

        def step():
            if good:
                fn = common.must_call(good.pop(0))
                req = http.get({"create_connection": fn}, lambda res: (res.resume(), step()))
                req.on("error", lambda err: (_ for _ in ()).throw(err))
            elif bad:
                fn = bad.pop(0)
                req = http.get({"create_connection": fn}, common.must_not_call())
                req.on("error", lambda err: (errors.append(err.args[0]), step()))
            else:
                server.close()

        server.listen(0, HOST, step)

    common.run(main)
    assert errors == ["sync", "async"]
