# Port of Node v20 test/parallel/test-net-pause-resume-connecting.js.
# Deviations: 127.0.0.1 (Node: 'localhost'); the process 'exit' checks run
# after the loop.
from nodekit import net, set_timeout
from tests.node._common import HOST


def test_pause_resume_while_connecting(common):
    counts = {"connections": 0, "data": 0}

    def main():
        def on_connection(conn):
            counts["connections"] += 1
            conn.end("This was the year he fell to pieces.")
            if counts["connections"] == 5:
                server.close()

        server = net.create_server(on_connection)

        def on_data_ok(*_):
            counts["data"] += 1

        def schedule_tear_down(conn):
            def tear_down():
                conn.remove_all_listeners("data")
                conn.resume()

            set_timeout(tear_down, 100)

        def on_listening():
            port = server.address()["port"]
            conn = net.create_connection(port, HOST)
            conn.resume()
            conn.on("data", on_data_ok)

            conn = net.create_connection(port, HOST)
            conn.pause()
            conn.resume()
            conn.on("data", on_data_ok)

            conn = net.create_connection(port, HOST)
            conn.pause()
            conn.on("data", common.must_not_call())
            schedule_tear_down(conn)

            conn = net.create_connection(port, HOST)
            conn.resume()
            conn.pause()
            conn.resume()
            conn.on("data", on_data_ok)

            conn = net.create_connection(port, HOST)
            conn.resume()
            conn.resume()
            conn.pause()
            conn.on("data", common.must_not_call())
            schedule_tear_down(conn)

        server.listen(0, HOST, on_listening)

    common.run(main)
    assert counts["connections"] == 5
    assert counts["data"] == 3
