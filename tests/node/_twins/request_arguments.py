"""test-http(s)-request-arguments.js: ``get(url, options, cb)`` requests the
URL's path from the host and port of ``options``."""

from __future__ import annotations

from typing import Any

from tests.node._twins import Twin


def options_override_the_url(common: Any, twin: Twin, *server_options: Any) -> None:
    def main() -> None:
        def handler(req: Any, res: Any) -> None:
            assert req.url == "/testpath"
            res.end()
            server.close()

        server = twin.create_server(*server_options, common.must_call(handler))

        def go(port: int) -> None:
            options: dict[str, Any] = {"hostname": common.HOST, "port": port}
            if twin.secure:
                options["reject_unauthorized"] = False
            twin.get(f"{twin.name}://example.com/testpath", options,
                     common.must_call(lambda res: res.resume()))

        common.listen(server, go)

    common.run(main)
