"""The Bot Framework's token signing keys, fetched without blocking and with a time limit.

botbuilder fetches them with a blocking `requests.get` without a timeout on the event loop,
and answers a token with an unknown key id with an IndexError (a 500). Here a request's
token is checked first: its issuer, its key among those the Bot Framework publishes
(fetched with aiohttp, cached a day) and its RS256 signature. Anything else is a 401; the
keys found are handed to botbuilder's cache, so its own check never fetches.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from datetime import datetime
from typing import Any

import aiohttp
import jwt
from botframework.connector.auth import AuthenticationConstants, ChannelValidation, EmulatorValidation
from botframework.connector.auth.jwt_token_extractor import JwtTokenExtractor
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from jwt.algorithms import RSAAlgorithm

log = logging.getLogger(__name__)

CHANNEL_METADATA_URL = AuthenticationConstants.TO_BOT_FROM_CHANNEL_OPENID_METADATA_URL
EMULATOR_METADATA_URL = AuthenticationConstants.TO_BOT_FROM_EMULATOR_OPENID_METADATA_URL
CHANNEL_ISSUERS = frozenset(ChannelValidation.TO_BOT_FROM_CHANNEL_TOKEN_VALIDATION_PARAMETERS.issuer)
EMULATOR_ISSUERS = frozenset(EmulatorValidation.TO_BOT_FROM_EMULATOR_TOKEN_VALIDATION_PARAMETERS.issuer)
# Tests point this at a local fake of login.botframework.com.
METADATA_URL_ENV = "NEXTSTEP_TEAMS_OPENID_METADATA_URL"
FETCH_TIMEOUT_SECONDS = 5.0
KEYS_MAX_AGE = 24 * 3600.0
UNKNOWN_KEY_REFRESH = 300.0  # an unknown key id refreshes the keys at most this often
CLOCK_TOLERANCE = 300


class SigningKeys:
    """Checks a Bot Framework token's signature against the published keys (None means it holds)."""

    def __init__(self, channel_url: str | None = None, timeout: float = FETCH_TIMEOUT_SECONDS) -> None:
        self.channel_url = channel_url or os.environ.get(METADATA_URL_ENV) or CHANNEL_METADATA_URL
        self.timeout = timeout
        self._keys: dict[str, list[dict[str, Any]]] = {}
        self._fetched: dict[str, float] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    async def refusal(self, token: str) -> str | None:
        """Why `token` is refused, or None when a key the Bot Framework publishes signed it."""
        try:
            header = jwt.get_unverified_header(token)
            claims = jwt.decode(token, options={"verify_signature": False})
        except jwt.PyJWTError as error:
            return f"unreadable token ({error})"
        issuer = claims.get("iss")
        if issuer in CHANNEL_ISSUERS:
            url = self.channel_url
        elif issuer in EMULATOR_ISSUERS:
            url = EMULATOR_METADATA_URL
        else:
            return f"issuer {issuer!r} is not the Bot Framework"
        if header.get("alg") != "RS256":
            return f"algorithm {header.get('alg')!r} is not RS256"
        key_id = header.get("kid")
        try:
            key = await self._key(url, str(key_id))
        except Exception as error:
            log.warning("teams: could not fetch the Bot Framework signing keys from %s: %r", url, error)
            return "the signing keys could not be fetched"
        if key is None:
            return f"unknown signing key {key_id!r}"
        public_key = RSAAlgorithm.from_jwk(json.dumps(key))
        if not isinstance(public_key, RSAPublicKey):
            return f"signing key {key_id!r} is not an RSA public key"
        try:
            jwt.decode(
                token,
                public_key,
                algorithms=["RS256"],
                leeway=CLOCK_TOLERANCE,
                options={"verify_aud": False},
            )
        except jwt.PyJWTError as error:
            return f"bad signature or expired ({error})"
        self._share_with_botbuilder(url)
        return None

    async def _key(self, url: str, key_id: str) -> dict[str, Any] | None:
        lock = self._locks.setdefault(url, asyncio.Lock())
        async with lock:
            age = time.monotonic() - self._fetched.get(url, -1e12)
            unknown = _find(self._keys.get(url, []), key_id) is None
            if age > KEYS_MAX_AGE or (unknown and age > UNKNOWN_KEY_REFRESH):
                await self._fetch(url)
            return _find(self._keys.get(url, []), key_id)

    async def _fetch(self, url: str) -> None:
        timeout = aiohttp.ClientTimeout(total=self.timeout)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            async with session.get(url) as response:
                response.raise_for_status()
                metadata = await response.json(content_type=None)
            async with session.get(str(metadata["jwks_uri"])) as response:
                response.raise_for_status()
                keys = (await response.json(content_type=None))["keys"]
        self._keys[url] = [key for key in keys if isinstance(key, dict) and key.get("kid")]
        self._fetched[url] = time.monotonic()

    def _share_with_botbuilder(self, url: str) -> None:
        """Fill botbuilder's own key cache, so its check after ours finds the keys without fetching."""
        botbuilder_url = CHANNEL_METADATA_URL if url == self.channel_url else url
        metadata: Any = JwtTokenExtractor.get_open_id_metadata(botbuilder_url)
        metadata.keys = list(self._keys.get(url, []))
        metadata.last_updated = datetime.now()


def _find(keys: list[dict[str, Any]], key_id: str) -> dict[str, Any] | None:
    return next((key for key in keys if key.get("kid") == key_id), None)
