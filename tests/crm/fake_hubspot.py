"""A local fake of HubSpot's CRM v3 (deals, search, batch update/upsert, owners, properties).

Tests drive it like a HubSpot user would (`edit` changes a deal "in HubSpot") and read what
Nextstep wrote (`deals`, `calls`). `throttle(n)` answers the next n calls with 429 + Retry-After.
"""

from __future__ import annotations

import itertools
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web

from tests.crm.fake_server import FakeServer

PIPELINE_START = datetime(2026, 11, 1, tzinfo=UTC)


@dataclass
class Owner:
    id: str
    email: str
    first: str
    last: str


@dataclass
class FakeHubSpot:
    token: str = "pat-na1-test"
    deals: dict[str, dict[str, str]] = field(default_factory=dict)
    owners: list[Owner] = field(default_factory=list)
    properties: dict[str, dict[str, Any]] = field(default_factory=dict)
    calls: list[tuple[str, str]] = field(default_factory=list)
    retry_after: str = "0"
    _throttled: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(9001))
    _clock: datetime = PIPELINE_START
    server: FakeServer | None = None

    # ----- what a HubSpot user does
    def add_deal(self, name: str, *, stage: str = "appointmentscheduled", amount: str | None = None,
                 owner: str | None = None, closedate: str | None = None, closed: bool = False,
                 currency: str | None = None) -> str:  # fmt: skip
        crm_id = str(next(self._ids))
        props = {"dealname": name, "dealstage": stage, "hs_is_closed": "true" if closed else "false"}
        if amount is not None:
            props["amount"] = amount
        if owner is not None:
            props["hubspot_owner_id"] = owner
        if closedate is not None:
            props["closedate"] = closedate
        if currency is not None:
            props["deal_currency_code"] = currency
        with self._lock:
            self.deals[crm_id] = self._touch(props)
        return crm_id

    def edit(self, crm_id: str, **props: str) -> None:
        with self._lock:
            self.deals[crm_id] = self._touch(self.deals[crm_id] | props)

    def throttle(self, times: int, retry_after: str = "0") -> None:
        with self._lock:
            self._throttled, self.retry_after = times, retry_after

    def writes(self) -> list[tuple[str, str]]:
        return [c for c in self.calls if c[0] == "POST" and "/batch/" in c[1]]

    def _touch(self, props: dict[str, str]) -> dict[str, str]:
        self._clock += timedelta(seconds=1)
        props["hs_lastmodifieddate"] = self._clock.isoformat().replace("+00:00", "Z")
        props["hs_is_closed"] = "true" if props.get("dealstage") in {"closedwon", "closedlost"} else "false"
        return props

    # ----- the HTTP side
    def start(self) -> FakeHubSpot:
        app = web.Application(middlewares=[self._gate])
        app.router.add_get("/crm/v3/objects/deals", self._page)
        app.router.add_post("/crm/v3/objects/deals/search", self._search)
        app.router.add_post("/crm/v3/objects/deals/batch/update", self._batch_update)
        app.router.add_post("/crm/v3/objects/deals/batch/upsert", self._batch_upsert)
        app.router.add_get("/crm/v3/owners/", self._owners)
        app.router.add_get("/crm/v3/properties/deals/{name}", self._property)
        app.router.add_post("/crm/v3/properties/deals", self._create_property)
        self.server = FakeServer(app).start()
        return self

    @property
    def url(self) -> str:
        assert self.server is not None
        return self.server.url

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()

    @web.middleware
    async def _gate(self, request: web.Request, handler: Any) -> web.StreamResponse:
        with self._lock:
            self.calls.append((request.method, request.path))
            throttled = self._throttled > 0
            if throttled:
                self._throttled -= 1
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return web.json_response(
                {"status": "error", "message": "Authentication credentials not found."}, status=401
            )
        if throttled:
            return web.json_response(
                {
                    "status": "error",
                    "message": "You have reached your secondly limit.",
                    "category": "RATE_LIMITS",
                },
                status=429,
                headers={"Retry-After": self.retry_after},
            )
        return await handler(request)  # type: ignore[no-any-return]

    def _record(self, crm_id: str) -> dict[str, Any]:
        props = self.deals[crm_id]
        stamp = props["hs_lastmodifieddate"]
        return {
            "id": crm_id,
            "properties": dict(props),
            "createdAt": stamp,
            "updatedAt": stamp,
            "archived": False,
        }

    @staticmethod
    def _stamp() -> str:
        return datetime.now(UTC).isoformat().replace("+00:00", "Z")

    async def _page(self, request: web.Request) -> web.Response:
        with self._lock:
            results = [self._record(i) for i in list(self.deals)[: int(request.query.get("limit", "10"))]]
        return web.json_response({"results": results})

    async def _search(self, request: web.Request) -> web.Response:
        body = await request.json()
        limit = min(int(body.get("limit") or 10), 100)
        start = int(body.get("after") or 0)
        with self._lock:
            matched = [
                i
                for i in self.deals
                if all(self._matches(i, f) for g in body["filterGroups"] for f in g["filters"])
            ]
            matched.sort(key=lambda i: self.deals[i]["hs_lastmodifieddate"])
            page = [self._record(i) for i in matched[start : start + limit]]
        answer: dict[str, Any] = {"total": len(matched), "results": page}
        if start + limit < len(matched):
            answer["paging"] = {"next": {"after": str(start + limit)}}
        return web.json_response(answer)

    def _matches(self, crm_id: str, flt: dict[str, str]) -> bool:
        value = self.deals[crm_id].get(flt["propertyName"], "")
        if flt["operator"] == "EQ":
            return value == flt["value"]
        if flt["operator"] == "GT" and flt["propertyName"] == "hs_lastmodifieddate":
            when = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return when.timestamp() * 1000 > int(flt["value"])
        raise web.HTTPBadRequest(text=f"unsupported filter {flt}")

    async def _batch_update(self, request: web.Request) -> web.Response:
        body = await request.json()
        with self._lock:
            missing = [i["id"] for i in body["inputs"] if i["id"] not in self.deals]
            if missing:
                return web.json_response(
                    {"status": "error", "message": f"deals not found: {missing}"}, status=404
                )
            for item in body["inputs"]:
                self.deals[item["id"]] = self._touch(self.deals[item["id"]] | item["properties"])
            results = [self._record(i["id"]) for i in body["inputs"]]
        return self._batch(results)

    async def _batch_upsert(self, request: web.Request) -> web.Response:
        body = await request.json()
        results = []
        with self._lock:
            for item in body["inputs"]:
                key_property, key = item["idProperty"], item["id"]
                if key_property not in self.properties:
                    return web.json_response(
                        {"status": "error", "message": f"no property {key_property}"}, status=400
                    )
                found = next((i for i, p in self.deals.items() if p.get(key_property) == key), None)
                crm_id = found or str(next(self._ids))
                self.deals[crm_id] = self._touch(
                    self.deals.get(crm_id, {}) | item["properties"] | {key_property: key}
                )
                results.append(self._record(crm_id) | {"new": found is None})
        return self._batch(results)

    def _batch(self, results: list[dict[str, Any]]) -> web.Response:
        now = self._stamp()
        return web.json_response(
            {"status": "COMPLETE", "results": results, "startedAt": now, "completedAt": now}
        )

    async def _owners(self, request: web.Request) -> web.Response:
        now = self._stamp()
        results = [
            {"id": o.id, "email": o.email, "firstName": o.first, "lastName": o.last, "type": "PERSON",
             "createdAt": now, "updatedAt": now, "archived": False}
            for o in self.owners
        ]  # fmt: skip
        return web.json_response({"results": results})

    async def _property(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        with self._lock:
            found = self.properties.get(name)
        if found is None:
            return web.json_response(
                {"status": "error", "message": f"property {name} does not exist"}, status=404
            )
        return web.json_response(found)

    async def _create_property(self, request: web.Request) -> web.Response:
        body = await request.json()
        options = [
            {"label": o["label"], "value": o["value"], "hidden": False, "displayOrder": 0}
            for o in body.get("options") or []
        ]
        prop = {key: body[key] for key in ("name", "label", "type", "fieldType", "groupName")}
        prop |= {"description": body.get("description") or "", "hidden": False, "options": options}
        with self._lock:
            self.properties[body["name"]] = prop
        return web.json_response(prop, status=201)
