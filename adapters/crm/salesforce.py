"""Salesforce through simple-salesforce: Opportunities in, next steps out.

Credentials (README, "Salesforce"): a connected app's OAuth refresh token
(SALESFORCE_CLIENT_ID, SALESFORCE_CLIENT_SECRET, SALESFORCE_REFRESH_TOKEN) or its
username-password flow (SALESFORCE_USERNAME, SALESFORCE_PASSWORD, SALESFORCE_SECURITY_TOKEN),
against SALESFORCE_LOGIN_URL (https://login.salesforce.com, or test.salesforce.com for a
sandbox). Writes go through the sObject Collections API: up to 200 records a call.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import requests
from simple_salesforce.api import Salesforce
from simple_salesforce.exceptions import SalesforceError, SalesforceExpiredSession

from adapters.crm.retry import RETRIED_STATUSES, Backoff, Retryable
from assistant.crm.port import CrmDeal, CrmError, CrmWrite, WriteResult
from assistant.crm.stages import StageMap

log = logging.getLogger(__name__)

API_VERSION = "59.0"
BATCH = 200  # sObject Collections take up to 200 records
NEXT_STEP_LIMIT = 255  # Opportunity.NextStep is a 255-character text field
OWNER_FIELD = "Nextstep_Owner__c"
DUE_FIELD = "Nextstep_Due__c"
ID_FIELD = "Nextstep_Id__c"  # an external id: creating twice with one key makes one record
CURRENCY_FIELD = "CurrencyIsoCode"  # present only when the org has multiple currencies enabled
FIELDS = {
    "name": "Name",
    "next_step": "NextStep",
    "stage": "StageName",
    "amount": "Amount",
    "close_date": "CloseDate",
    "owner": OWNER_FIELD,
    "due": DUE_FIELD,
}
_SELECT = (
    "SELECT Id, Name, StageName, Amount, CloseDate, NextStep, IsClosed, SystemModstamp, "
    "Owner.Email, Owner.Name, LastModifiedBy.Name{currency} FROM Opportunity"
)


@dataclass(frozen=True, slots=True)
class SalesforceLogin:
    """How to get an access token: refresh token, username-password, or a token as it is."""

    login_url: str = "https://login.salesforce.com"
    client_id: str | None = None
    client_secret: str | None = None
    refresh_token: str | None = None
    username: str | None = None
    password: str | None = None
    security_token: str | None = None
    instance_url: str | None = None
    access_token: str | None = None


def _day(value: object) -> date | None:
    try:
        return date.fromisoformat(str(value)[:10]) if value else None
    except ValueError:
        return None


def _when(value: object) -> datetime | None:
    if not value:
        return None
    text = str(value).replace("Z", "+00:00")
    if len(text) > 5 and text[-5] in "+-" and text[-3] != ":":  # 2026-11-01T10:00:00.000+0000
        text = text[:-2] + ":" + text[-2:]
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _soql_time(when: datetime) -> str:
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


class SalesforceConnector:
    system = "salesforce"

    def __init__(
        self,
        login: SalesforceLogin,
        stages: StageMap,
        *,
        session: requests.Session | None = None,
        backoff: Backoff | None = None,
        owner_field: str = OWNER_FIELD,
        due_field: str = DUE_FIELD,
    ) -> None:
        self.login = login
        self.stages = stages
        self.session = session or requests.Session()
        self.backoff = backoff or Backoff()
        self._sf: Salesforce | None = None
        self._describe: set[str] | None = None
        self.fields = FIELDS | {"owner": owner_field, "due": due_field}

    # ----- authentication
    def _token(self) -> tuple[str, str]:
        login = self.login
        if login.refresh_token:
            form = {
                "grant_type": "refresh_token",
                "client_id": login.client_id or "",
                "client_secret": login.client_secret or "",
                "refresh_token": login.refresh_token,
            }
        elif login.username:
            form = {
                "grant_type": "password",
                "client_id": login.client_id or "",
                "client_secret": login.client_secret or "",
                "username": login.username,
                "password": (login.password or "") + (login.security_token or ""),
            }
        elif login.access_token and login.instance_url:
            return login.instance_url, login.access_token
        else:
            raise CrmError("Salesforce: set a refresh token or a username and password (see README)")

        def ask() -> requests.Response:
            try:
                answer = self.session.post(
                    f"{login.login_url.rstrip('/')}/services/oauth2/token", data=form, timeout=30
                )
            except requests.RequestException as error:
                raise Retryable(f"connection: {error}") from error
            if answer.status_code in RETRIED_STATUSES:
                raise Retryable(f"HTTP {answer.status_code}")
            return answer

        answer = self.backoff.run(ask, "Salesforce login")
        if answer.status_code != 200:
            detail = answer.json().get("error_description", answer.text) if answer.content else answer.reason
            raise CrmError(f"Salesforce login refused: {detail}")
        body = answer.json()
        return str(body["instance_url"]), str(body["access_token"])

    def _client(self, fresh: bool = False) -> Salesforce:
        if self._sf is None or fresh:
            instance_url, token = self._token()
            self._sf = Salesforce(
                instance_url=instance_url, session_id=token, session=self.session, version=API_VERSION
            )
        return self._sf

    def _call(self, call: Callable[[Salesforce], Any], what: str) -> Any:
        state = {"renewed": False}

        def attempt() -> Any:
            try:
                return call(self._client(fresh=state["renewed"]))
            except SalesforceExpiredSession as error:
                if state["renewed"]:
                    raise CrmError(f"Salesforce {what}: the session was refused twice") from error
                state["renewed"] = True  # the access token expired: log in again once
                raise Retryable("session expired", 0) from error
            except SalesforceError as error:
                if error.status in RETRIED_STATUSES:
                    raise Retryable(f"HTTP {error.status}") from error
                raise CrmError(f"Salesforce {what}: HTTP {error.status} {error.content!r:.300}") from error
            except requests.RequestException as error:
                raise Retryable(f"connection: {error}") from error

        return self.backoff.run(attempt, f"Salesforce {what}")

    # ----- the port
    def check(self) -> str:
        fields = self._fields()
        return f"Salesforce Opportunity ({len(fields)} fields)"

    def _fields(self) -> set[str]:
        if self._describe is None:
            described = self._call(lambda sf: sf.restful("sobjects/Opportunity/describe/"), "describe")
            self._describe = {str(f["name"]) for f in (described or {}).get("fields", [])}
        return self._describe

    def deals_modified_since(self, since: datetime | None) -> list[CrmDeal]:
        where = "IsClosed = false" if since is None else f"SystemModstamp > {_soql_time(since)}"
        currency = f", {CURRENCY_FIELD}" if CURRENCY_FIELD in self._fields() else ""
        soql = f"{_SELECT.format(currency=currency)} WHERE {where} ORDER BY SystemModstamp ASC"
        found = self._call(lambda sf: sf.query_all(soql), "query")
        return [self._deal(record) for record in found.get("records", [])]

    def _deal(self, record: dict[str, Any]) -> CrmDeal:
        owner = record.get("Owner") or {}
        changed_by = record.get("LastModifiedBy") or {}
        amount = record.get("Amount")
        return CrmDeal(
            crm_id=str(record["Id"]),
            name=str(record.get("Name") or record["Id"]),
            stage=record.get("StageName"),
            amount=round(float(amount)) if amount is not None else None,
            currency=record.get("CurrencyIsoCode"),
            close_date=_day(record.get("CloseDate")),
            owner_email=owner.get("Email"),
            owner_name=owner.get("Name"),
            next_step=record.get("NextStep"),
            closed=bool(record.get("IsClosed")),
            modified_at=_when(record.get("SystemModstamp")),
            modified_by=changed_by.get("Name"),
        )

    def _record(self, write: CrmWrite) -> dict[str, Any]:
        record: dict[str, Any] = {"attributes": {"type": "Opportunity"}}
        for field, value in write.fields.items():
            if field == "currency" and value and CURRENCY_FIELD in self._fields():
                record[CURRENCY_FIELD] = value  # only an org with multiple currencies has the field
                continue
            if field == "stage":
                value = self.stages.crm_stage(str(value))
            elif field == "next_step" and isinstance(value, str) and len(value) > NEXT_STEP_LIMIT:
                value = value[: NEXT_STEP_LIMIT - 1] + "…"
            if value is not None and field in self.fields:
                record[self.fields[field]] = value.isoformat() if isinstance(value, date) else value
        for field in write.clear:
            if field in self.fields:
                record[self.fields[field]] = None
        return record

    def write(self, writes: Sequence[CrmWrite]) -> list[WriteResult]:
        results: dict[str, WriteResult] = {}
        updates = [w for w in writes if w.crm_id]
        creates = [w for w in writes if not w.crm_id]
        for chunk in (updates[i : i + BATCH] for i in range(0, len(updates), BATCH)):
            records = [self._record(w) | {"id": w.crm_id} for w in chunk]
            self._collection(chunk, results, "composite/sobjects", records)
        for chunk in (creates[i : i + BATCH] for i in range(0, len(creates), BATCH)):
            records = [self._created(w) for w in chunk]
            self._collection(chunk, results, f"composite/sobjects/Opportunity/{ID_FIELD}", records)
        return [results[w.key] for w in writes]

    def _created(self, write: CrmWrite) -> dict[str, Any]:
        record = self._record(write) | {"Name": write.name, ID_FIELD: write.key}
        record.setdefault("StageName", self.stages.crm_stage("lead"))
        # CloseDate is required on an Opportunity: the close date said in chat, else the due date.
        record.setdefault(
            "CloseDate", record.get(self.fields["due"]) or date.today().replace(day=28).isoformat()
        )
        return record

    def _collection(
        self, chunk: list[CrmWrite], results: dict[str, WriteResult], path: str, records: list[dict[str, Any]]
    ) -> None:
        body = {"allOrNone": False, "records": records}
        try:
            answer = self._call(lambda sf: sf.restful(path, method="PATCH", json=body), "write")
        except CrmError as error:
            for write in chunk:
                results[write.key] = WriteResult(write.key, write.crm_id, str(error))
            return
        for write, outcome in zip(chunk, answer or [], strict=False):
            if outcome.get("success"):
                results[write.key] = WriteResult(write.key, str(outcome.get("id") or write.crm_id))
            else:
                errors = "; ".join(str(e.get("message")) for e in outcome.get("errors") or [])
                results[write.key] = WriteResult(write.key, write.crm_id, errors or "rejected")
        for write in chunk:
            results.setdefault(write.key, WriteResult(write.key, write.crm_id, "no answer for this record"))

    def setup(self) -> list[str]:
        wanted = [
            (self.fields["owner"], {"label": "Next step owner", "type": "Text", "length": 16}),
            (self.fields["due"], {"label": "Next step due", "type": "Date"}),
            (
                ID_FIELD,
                {"label": "Nextstep id", "type": "Text", "length": 64, "externalId": True, "unique": True},
            ),
        ]
        have = self._fields()
        made: list[str] = []
        for name, metadata in wanted:
            if name in have:
                continue
            body = {"FullName": f"Opportunity.{name}", "Metadata": metadata}
            self._create_field(body)
            made.append(name)
        self._describe = None
        return made

    def _create_field(self, body: dict[str, Any]) -> None:
        self._call(lambda sf: sf.restful("tooling/sobjects/CustomField", method="POST", json=body), "setup")
