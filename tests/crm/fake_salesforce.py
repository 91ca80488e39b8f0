"""A local fake of Salesforce's REST API: OAuth token, SOQL query, sObject Collections, describe,
Tooling CustomField. Served over TLS (simple-salesforce only speaks https).

Tests act as a Salesforce user (`edit`) and read what Nextstep wrote (`records`, `calls`).
`throttle(n)` answers the next n API calls with 429 + Retry-After.
"""

from __future__ import annotations

import itertools
import re
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web

from tests.crm.fake_server import FakeServer

V = "/services/data/v59.0"
STANDARD_FIELDS = ["Id", "Name", "StageName", "Amount", "CloseDate", "NextStep", "IsClosed", "SystemModstamp"]
PAGE = 2000


@dataclass
class FakeSalesforce:
    client_id: str = "connected-app-id"
    client_secret: str = "connected-app-secret"
    refresh_token: str = "refresh-me"
    username: str = "admin@acme.test"
    password: str = "hunter2"
    security_token: str = "TOKEN123"
    records: dict[str, dict[str, Any]] = field(default_factory=dict)
    users: dict[str, dict[str, str]] = field(default_factory=dict)  # user id -> Name, Email
    custom_fields: list[str] = field(default_factory=list)
    multi_currency: bool = False  # the org has CurrencyIsoCode on Opportunity
    calls: list[tuple[str, str]] = field(default_factory=list)
    tokens_issued: int = 0
    _access: str = "00Dfake!token-1"
    _throttled: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _clock: datetime = datetime(2026, 11, 1, tzinfo=UTC)
    server: FakeServer | None = None

    # ----- what a Salesforce user does
    def add_user(self, user_id: str, name: str, email: str) -> None:
        self.users[user_id] = {"Name": name, "Email": email}

    def add_opportunity(
        self,
        name: str,
        *,
        stage: str = "Prospecting",
        amount: float | None = None,
        close: str = "2027-03-31",
        owner: str | None = None,
        by: str | None = None,
    ) -> str:
        with self._lock:
            opp_id = f"006{next(self._ids):012d}"
            self.records[opp_id] = self._touch(
                {"Name": name, "StageName": stage, "Amount": amount, "CloseDate": close, "NextStep": None,
                 "OwnerId": owner}, by)  # fmt: skip
        return opp_id

    def edit(self, opp_id: str, by: str | None = None, **values: Any) -> None:
        with self._lock:
            self.records[opp_id] = self._touch(self.records[opp_id] | values, by)

    def expire_token(self) -> None:
        with self._lock:
            self._access = self._access.rsplit("-", 1)[0] + f"-{self.tokens_issued + 100}"

    def throttle(self, times: int) -> None:
        with self._lock:
            self._throttled = times

    def _touch(self, values: dict[str, Any], by: str | None) -> dict[str, Any]:
        self._clock += timedelta(seconds=1)
        values["SystemModstamp"] = self._clock.strftime("%Y-%m-%dT%H:%M:%S.000+0000")
        values["IsClosed"] = values.get("StageName") in {"Closed Won", "Closed Lost"}
        values["LastModifiedBy"] = {"Name": by or "Integration User"}
        return values

    # ----- the HTTP side
    def start(self) -> FakeSalesforce:
        app = web.Application(middlewares=[self._gate])
        app.router.add_post("/services/oauth2/token", self._token)
        app.router.add_get(V + "/query/", self._query)
        app.router.add_get(V + "/query/{cursor}", self._query_more)
        app.router.add_patch(V + "/composite/sobjects", self._update)
        app.router.add_patch(V + "/composite/sobjects/Opportunity/{key_field}", self._upsert)
        app.router.add_get(V + "/sobjects/Opportunity/describe/", self._describe)
        app.router.add_post(V + "/tooling/sobjects/CustomField", self._custom_field)
        self.server = FakeServer(app, tls=True).start()
        return self

    @property
    def url(self) -> str:
        assert self.server is not None
        return self.server.url

    @property
    def cert(self) -> str:
        assert self.server is not None and self.server.cert_path is not None
        return str(self.server.cert_path)

    def stop(self) -> None:
        if self.server is not None:
            self.server.stop()

    def writes(self) -> list[tuple[str, str]]:
        return [c for c in self.calls if c[0] == "PATCH"]

    @web.middleware
    async def _gate(self, request: web.Request, handler: Any) -> web.StreamResponse:
        with self._lock:
            self.calls.append((request.method, request.path))
        if request.path == "/services/oauth2/token":
            return await handler(request)  # type: ignore[no-any-return]
        with self._lock:
            throttled = self._throttled > 0
            if throttled:
                self._throttled -= 1
            authorized = request.headers.get("Authorization") == f"Bearer {self._access}"
        if throttled:
            limited = [{"errorCode": "REQUEST_LIMIT_EXCEEDED", "message": "slow down"}]
            return web.json_response(limited, status=429, headers={"Retry-After": "0"})
        if not authorized:
            return web.json_response(
                [{"errorCode": "INVALID_SESSION_ID", "message": "Session expired"}], status=401
            )
        return await handler(request)  # type: ignore[no-any-return]

    async def _token(self, request: web.Request) -> web.Response:
        form = await request.post()
        ok_client = (
            form.get("client_id") == self.client_id and form.get("client_secret") == self.client_secret
        )
        if form.get("grant_type") == "refresh_token":
            ok = ok_client and form.get("refresh_token") == self.refresh_token
        elif form.get("grant_type") == "password":
            ok = (
                ok_client
                and form.get("username") == self.username
                and (form.get("password") == self.password + self.security_token)
            )
        else:
            ok = False
        if not ok:
            return web.json_response(
                {"error": "invalid_grant", "error_description": "authentication failure"}, status=400
            )
        with self._lock:
            self.tokens_issued += 1
            self._access = f"00Dfake!token-{self.tokens_issued}"
            token = self._access
        body = {"access_token": token, "instance_url": self.url, "token_type": "Bearer"}
        return web.json_response(body | {"issued_at": "1700000000000", "signature": "x"})

    def _view(self, opp_id: str) -> dict[str, Any]:
        r = self.records[opp_id]
        owner = self.users.get(r.get("OwnerId") or "", {})
        row: dict[str, Any] = {
            "attributes": {"type": "Opportunity", "url": f"{V}/sobjects/Opportunity/{opp_id}"},
            "Id": opp_id,
        }
        row |= {k: r.get(k) for k in STANDARD_FIELDS if k != "Id"}
        if self.multi_currency:
            row["CurrencyIsoCode"] = r.get("CurrencyIsoCode")
        row["Owner"] = {
            "attributes": {"type": "User"},
            "Email": owner.get("Email"),
            "Name": owner.get("Name"),
        }
        row["LastModifiedBy"] = {"attributes": {"type": "User"}, **r["LastModifiedBy"]}
        return row

    def _select(self, soql: str) -> list[str]:
        where = re.search(r"WHERE (.+?) ORDER BY", soql)
        ids = list(self.records)
        if where and where.group(1) == "IsClosed = false":
            ids = [i for i in ids if not self.records[i]["IsClosed"]]
        elif where and (since := re.fullmatch(r"SystemModstamp > (\S+)", where.group(1))):
            floor = datetime.fromisoformat(since.group(1).replace("Z", "+00:00"))
            ids = [
                i
                for i in ids
                if datetime.strptime(self.records[i]["SystemModstamp"], "%Y-%m-%dT%H:%M:%S.%f%z") > floor
            ]
        elif where:
            raise web.HTTPBadRequest(text=f"unsupported SOQL: {soql}")
        return sorted(ids, key=lambda i: self.records[i]["SystemModstamp"])

    def _page(self, ids: list[str], start: int) -> dict[str, Any]:
        page = ids[start : start + PAGE]
        done = start + PAGE >= len(ids)
        answer: dict[str, Any] = {
            "totalSize": len(ids),
            "done": done,
            "records": [self._view(i) for i in page],
        }
        if not done:
            answer["nextRecordsUrl"] = f"{V}/query/cursor-{start + PAGE}-" + ",".join(ids[start + PAGE :])
        return answer

    async def _query(self, request: web.Request) -> web.Response:
        with self._lock:
            return web.json_response(self._page(self._select(request.query["q"]), 0))

    async def _query_more(self, request: web.Request) -> web.Response:
        _, start, rest = request.match_info["cursor"].split("-", 2)
        with self._lock:
            ids = [i for i in rest.split(",") if i in self.records]
            return web.json_response(self._page(ids, 0) if ids else self._page([], 0) | {"start": start})

    def _check_fields(self, record: dict[str, Any]) -> str | None:
        known = set(STANDARD_FIELDS) | set(self.custom_fields) | {"attributes", "id"}
        if self.multi_currency:
            known.add("CurrencyIsoCode")
        unknown = sorted(set(record) - known)
        return f"No such column '{unknown[0]}' on sobject of type Opportunity" if unknown else None

    async def _update(self, request: web.Request) -> web.Response:
        body = await request.json()
        out = []
        with self._lock:
            for record in body["records"]:
                opp_id, problem = record.get("id"), self._check_fields(record)
                if problem or opp_id not in self.records:
                    error = {"statusCode": "INVALID_FIELD", "message": problem or "not found"}
                    out.append({"id": opp_id, "success": False, "errors": [error]})
                    continue
                values = {k: v for k, v in record.items() if k not in {"attributes", "id"}}
                self.records[opp_id] = self._touch(self.records[opp_id] | values, "Nextstep Integration")
                out.append({"id": opp_id, "success": True, "errors": []})
        return web.json_response(out)

    async def _upsert(self, request: web.Request) -> web.Response:
        key_field = request.match_info["key_field"]
        body = await request.json()
        out = []
        with self._lock:
            if key_field not in self.custom_fields:
                return web.json_response(
                    [{"errorCode": "NOT_FOUND", "message": f"no field {key_field}"}], status=404
                )
            for record in body["records"]:
                problem = self._check_fields(record)
                if problem:
                    out.append(
                        {"success": False, "errors": [{"statusCode": "INVALID_FIELD", "message": problem}]}
                    )
                    continue
                key = record[key_field]
                found = next((i for i, r in self.records.items() if r.get(key_field) == key), None)
                opp_id = found or f"006{next(self._ids):012d}"
                values = {k: v for k, v in record.items() if k != "attributes"}
                self.records[opp_id] = self._touch(
                    self.records.get(opp_id, {}) | values, "Nextstep Integration"
                )
                out.append({"id": opp_id, "success": True, "errors": [], "created": found is None})
        return web.json_response(out)

    async def _describe(self, request: web.Request) -> web.Response:
        names = STANDARD_FIELDS + self.custom_fields + (["CurrencyIsoCode"] if self.multi_currency else [])
        return web.json_response({"name": "Opportunity", "fields": [{"name": n} for n in names]})

    async def _custom_field(self, request: web.Request) -> web.Response:
        body = await request.json()
        with self._lock:
            self.custom_fields.append(body["FullName"].split(".", 1)[1])
        return web.json_response(
            {"id": "00N" + str(len(self.custom_fields)), "success": True, "errors": []}, status=201
        )
