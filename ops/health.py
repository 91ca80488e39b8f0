"""`/healthz` (the process is alive), `/readyz` (it can do its work) and `/metrics`.

`/readyz` answers 200 only when every readiness check passes: the database answers a
`SELECT 1`, and in Socket Mode the WebSocket to Slack is connected (as Bolt's Socket Mode
health-check example does). Otherwise 503 with the reasons, so a load balancer or an
orchestrator stops sending traffic while the process is alive but useless.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from aiohttp import web

from ops import metrics
from storage.db import Database

log = logging.getLogger(__name__)

# A check returns None when ready, else the reason in a few words.
ReadinessCheck = Callable[[], Awaitable[str | None]]
READINESS_KEY = web.AppKey("nextstep_readiness_checks", list[tuple[str, ReadinessCheck]])
CHECK_TIMEOUT = 5.0


def add_readiness_check(web_app: web.Application, name: str, check: ReadinessCheck) -> None:
    """Make `/readyz` depend on `check` too."""
    web_app.setdefault(READINESS_KEY, []).append((name, check))


def database_check(db: Database) -> ReadinessCheck:
    async def check() -> str | None:
        try:
            await asyncio.wait_for(asyncio.to_thread(db.ping), CHECK_TIMEOUT)
        except TimeoutError:
            return f"the database did not answer within {CHECK_TIMEOUT:g} s"
        except Exception as exc:
            from storage.migrate import _reason

            log.warning("readiness: the database does not answer: %s", _reason(exc))
            return f"the database does not answer: {_reason(exc)}"
        return None

    return check


def chat_check(web_app: web.Application) -> ReadinessCheck:
    """The chat adapters' own state (adapters/durable/readiness.py): a database outage they saw while
    spooling, a Socket Mode connection that is down."""
    from adapters.durable.readiness import is_ready

    async def check() -> str | None:
        ready, reason = await asyncio.to_thread(is_ready, web_app)  # it counts the spool: a file read
        return None if ready else reason

    return check


async def _run(name: str, check: ReadinessCheck) -> str | None:
    try:
        return await asyncio.wait_for(check(), CHECK_TIMEOUT + 1)
    except TimeoutError:
        return f"{name}: no answer within {CHECK_TIMEOUT:g} s"
    except Exception as exc:
        log.warning("readiness check %s failed", name, exc_info=True)
        return f"{name}: {type(exc).__name__}"


def mount(
    web_app: web.Application, db: Database, is_leader: Callable[[], bool | None] = lambda: False
) -> None:
    """Serve /healthz, /readyz and /metrics on `web_app`."""
    add_readiness_check(web_app, "database", database_check(db))
    add_readiness_check(web_app, "chat", chat_check(web_app))
    ledger = metrics.LedgerCollector(db, is_leader)

    async def healthz(_request: web.Request) -> web.Response:
        return web.json_response({"ok": True})

    async def readyz(_request: web.Request) -> web.Response:
        checks = web_app.get(READINESS_KEY, [])
        results = await asyncio.gather(*(_run(name, check) for name, check in checks))
        reasons = [reason for reason in results if reason]
        if reasons:
            return web.json_response({"ready": False, "reasons": reasons}, status=503)
        return web.json_response({"ready": True})

    async def metrics_endpoint(_request: web.Request) -> web.Response:
        body = await asyncio.to_thread(metrics.exposition, ledger)
        return web.Response(body=body, headers={"Content-Type": metrics.CONTENT_TYPE})

    web_app.router.add_get("/healthz", healthz)
    web_app.router.add_get("/readyz", readyz)
    web_app.router.add_get("/metrics", metrics_endpoint)
