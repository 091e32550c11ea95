# Port of Node v20 test/parallel/test-http-chunk-problem.js.
# Deviations: Node's server streams a 10 MiB zero-filled file through a
# `cat` child process and its client runs as `node test.js request | node
# test.js shasum`; NodeKit has no child_process or fs, so the server pipes
# the file (read in 64 KiB pieces, written to a tmp_path like Node's tmpdir)
# into the response, and a thread runs the same shell pipeline with Python:
# a NodeKit client writing the body to stdout, piped into a sha1 process.
import subprocess
import sys
import threading

from nodekit import http, set_timeout
from nodekit.stream import Readable

SHA1_OF_10_MIB_OF_ZEROS = "8c206a1a87599f532ce68675536f0b1546900d7a"

CLIENT = """
import sys
from nodekit import http, run
def main():
    def on_response(res):
        res.on("data", lambda d: sys.stdout.buffer.write(bytes(d)))
        res.on("end", lambda: sys.stdout.buffer.flush())
    http.get({"host": "127.0.0.1", "port": int(sys.argv[1]), "path": "/"}, on_response)
run(main)
"""

SHASUM = """
import hashlib, sys
h = hashlib.sha1()
while chunk := sys.stdin.buffer.read(65536):
    h.update(chunk)
sys.stdout.write(h.hexdigest())
"""


def _chunks(path):
    with open(path, "rb") as f:
        while piece := f.read(65536):
            yield piece


def test_a_large_binary_body_through_a_pipe_is_intact(common, tmp_path):
    filename = tmp_path / "big"
    with open(filename, "wb") as f:
        f.truncate(10 * 1024 * 1024)
    got = {}

    def main():
        def handler(req, res):
            res.write_head(200)
            Readable.from_(_chunks(filename)).pipe(res)

        server = http.create_server(handler)

        def execute_request(port):
            def work():
                cmd = (f'"{sys.executable}" -c \'{CLIENT}\' {port} | '
                       f'"{sys.executable}" -c \'{SHASUM}\'')
                got["run"] = subprocess.run(cmd, shell=True, capture_output=True, text=True,
                                            timeout=60)

            thread = threading.Thread(target=work, daemon=True)
            thread.start()

            def poll():
                if thread.is_alive():
                    set_timeout(poll, 10)
                else:
                    server.close()

            poll()

        common.listen(server, execute_request)

    common.run(main, timeout=60)
    result = got["run"]
    assert result.returncode == 0, result.stderr
    assert result.stdout[:40] == SHA1_OF_10_MIB_OF_ZEROS, result.stderr
