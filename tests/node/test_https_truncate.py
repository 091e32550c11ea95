# Port of Node v20 test/parallel/test-https-truncate.js.
# Deviations: the agent1 certificate is made at run time (tests/node/_tls.py);
# the client connects to 127.0.0.1.
from nodekit import https, set_timeout
from tests.node._common import at
from tests.node._tls import agent1_options

DATA = bytes(1024 * 32 + 1)  # the size found to leave one lone byte at the end


def test_pause_resume_on_every_chunk_reads_every_byte(common):
    def main():
        def handler(req, res):
            res.set_header("content-length", len(DATA))
            res.end(DATA)
            server.close()

        server = https.create_server(agent1_options(), handler)

        def check(res):
            got = [0]

            def on_end():
                assert res.readable_length == 0
                assert got[0] == len(DATA)

            def on_data(chunk):
                got[0] += len(chunk)
                res.pause()
                set_timeout(res.resume, 1)

            res.on("end", common.must_call(on_end))
            res.on("data", on_data)

        def go(port):
            https.get(at(port, reject_unauthorized=False)).on("response",
                                                               common.must_call(check))

        common.listen(server, go)

    common.run(main)
