"""A threaded local aiohttp server for the CRM fakes: a free port on 127.0.0.1, optional TLS.

Salesforce's client only speaks https, so the Salesforce fake serves TLS with a throwaway
self-signed certificate made by `openssl` (the client trusts it through a requests Session's
`verify`, the way a corporate CA bundle is configured, not by patching anything).
"""

from __future__ import annotations

import asyncio
import socket
import ssl
import subprocess
import tempfile
import threading
from pathlib import Path

from aiohttp import web


def self_signed_cert(folder: Path) -> tuple[Path, Path]:
    """A certificate and key for 127.0.0.1 and localhost."""
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost",
            "-keyout", str(key), "-out", str(cert),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return cert, key


class FakeServer:
    """Runs `app` in its own thread and event loop until `stop()`."""

    def __init__(self, app: web.Application, *, tls: bool = False) -> None:
        self.app = app
        self.tls = tls
        self._folder = tempfile.TemporaryDirectory(prefix="nextstep-fake-")
        self.cert_path: Path | None = None
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.AppRunner | None = None
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = int(probe.getsockname()[1])

    @property
    def url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    def start(self) -> FakeServer:
        context = None
        if self.tls:
            cert, key = self_signed_cert(Path(self._folder.name))
            self.cert_path = cert
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(cert, key)
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._serve(context), self._loop).result(10)
        return self

    async def _serve(self, context: ssl.SSLContext | None) -> None:
        self._runner = web.AppRunner(self.app, access_log=None)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port, ssl_context=context).start()

    def stop(self) -> None:
        if self._runner is not None:
            asyncio.run_coroutine_threadsafe(self._runner.cleanup(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)
        self._folder.cleanup()
