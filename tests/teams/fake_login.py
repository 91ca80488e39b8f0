"""A local fake of login.botframework.com: the OpenID metadata and the token signing keys.

`hang=True` makes it accept connections and never answer (a network that swallows requests).
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

from aiohttp import web
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from tests.teams.fake_connector import LoopThread

PUBLISHED_KEY_ID = "bot-framework-key-1"


def new_rsa_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


class FakeBotFrameworkLogin:
    """Serves /v1/.well-known/openidconfiguration and /keys with one published key."""

    def __init__(self, *, hang: bool = False) -> None:
        self.hang = hang
        self.private_key = new_rsa_key()
        self.requests = 0
        self._thread: LoopThread | None = None
        self._runner: web.AppRunner | None = None
        self.port = 0
        self._release: asyncio.Event | None = None

    def __enter__(self) -> FakeBotFrameworkLogin:
        self._thread = LoopThread("fake-login")
        self._thread.run(self._start())
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._thread is not None and self._runner is not None:
            self._thread.run(self._let_go())
            self._thread.run(self._runner.cleanup())
            self._thread.stop()

    @property
    def metadata_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1/.well-known/openidconfiguration"

    async def _let_go(self) -> None:
        if self._release is not None:
            self._release.set()

    async def _start(self) -> None:
        self._release = asyncio.Event()
        app = web.Application()
        app.router.add_get("/v1/.well-known/openidconfiguration", self._metadata)
        app.router.add_get("/keys", self._keys)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def _metadata(self, _request: web.Request) -> web.Response:
        self.requests += 1
        if self.hang and self._release is not None:
            await self._release.wait()
        return web.json_response({"issuer": "https://api.botframework.com", "jwks_uri": self._url("/keys")})

    async def _keys(self, _request: web.Request) -> web.Response:
        jwk: dict[str, Any] = json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key()))
        jwk.update(kid=PUBLISHED_KEY_ID, use="sig", endorsements=["msteams"])
        return web.json_response({"keys": [jwk]})

    def _url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"
