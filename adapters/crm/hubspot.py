"""HubSpot CRM v3 through hubspot-api-client: deals in, next steps out.

A private app's token (or an OAuth access token) in HUBSPOT_ACCESS_TOKEN, scopes
crm.objects.deals.read/write, crm.objects.owners.read and crm.schemas.deals.read/write.
`host` points the client elsewhere (the tests' local fake); it defaults to HubSpot's API.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from functools import partial
from typing import Any

from hubspot import HubSpot
from hubspot.crm.deals import (
    BatchInputSimplePublicObjectBatchInput,
    BatchInputSimplePublicObjectBatchInputUpsert,
    Filter,
    FilterGroup,
    PublicObjectSearchRequest,
    SimplePublicObjectBatchInput,
    SimplePublicObjectBatchInputUpsert,
)
from hubspot.crm.deals.exceptions import ApiException as DealsApiException
from hubspot.crm.owners.exceptions import ApiException as OwnersApiException
from hubspot.crm.properties import OptionInput, PropertyCreate
from hubspot.crm.properties.exceptions import ApiException as PropertiesApiException
from urllib3.exceptions import HTTPError

from adapters.crm.retry import RETRIED_STATUSES, Backoff, Retryable, retry_after_seconds
from assistant.crm.port import CrmDeal, CrmError, CrmWrite, WriteResult
from assistant.crm.stages import StageMap

BATCH = 100  # HubSpot's batch endpoints take up to 100 inputs
# Our own deal properties (created by `nextstep crm setup`).
OWNER_PROPERTY = "nextstep_owner"
DUE_PROPERTY = "nextstep_due_date"
ID_PROPERTY = "nextstep_id"  # unique: creating a deal twice with one key makes one deal
READ = (
    "dealname",
    "dealstage",
    "amount",
    "deal_currency_code",
    "closedate",
    "hubspot_owner_id",
    "hs_next_step",
    "hs_is_closed",
    "hs_lastmodifieddate",
)
_API_ERRORS = (DealsApiException, OwnersApiException, PropertiesApiException)


def _millis(when: datetime) -> str:
    return str(int(when.timestamp() * 1000))


def _when(value: object) -> datetime | None:
    if not value:
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    text = str(value)
    if text.isdigit():
        return datetime.fromtimestamp(int(text) / 1000, UTC)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _day(value: object) -> date | None:
    when = _when(value)
    return when.date() if when else None


def _amount(value: object) -> int | None:
    try:
        return round(float(str(value))) if value not in (None, "") else None
    except ValueError:
        return None


class HubSpotConnector:
    system = "hubspot"

    def __init__(
        self,
        access_token: str,
        stages: StageMap,
        *,
        host: str | None = None,
        backoff: Backoff | None = None,
        owner_property: str = OWNER_PROPERTY,
        due_property: str = DUE_PROPERTY,
    ) -> None:
        config: dict[str, Any] = {"access_token": access_token}
        if host:
            config["host"] = host.rstrip("/")
        self.client = HubSpot(**config)
        self.stages = stages
        self.backoff = backoff or Backoff()
        self._owners: dict[str, tuple[str | None, str | None]] | None = None
        self.owner_property, self.due_property = owner_property, due_property

    def _call(self, call: Callable[[], Any], what: str) -> Any:
        def attempt() -> Any:
            try:
                return call()
            except _API_ERRORS as error:
                status = int(error.status or 0)
                if status in RETRIED_STATUSES:
                    headers = dict(error.headers or {})
                    raise Retryable(
                        f"HTTP {status}", retry_after_seconds(headers.get("Retry-After"))
                    ) from error
                raise CrmError(f"HubSpot {what}: HTTP {status} {error.reason or ''}".strip()) from error
            except HTTPError as error:
                raise Retryable(f"connection: {error}") from error

        return self.backoff.run(attempt, f"HubSpot {what}")

    def check(self) -> str:
        self._call(lambda: self.client.crm.deals.basic_api.get_page(limit=1), "deals")
        return "HubSpot (deals readable)"

    def owners(self) -> dict[str, tuple[str | None, str | None]]:
        """owner id -> (e-mail, full name), read once per connector."""
        if self._owners is None:
            found: dict[str, tuple[str | None, str | None]] = {}
            after: str | None = None
            while True:
                kwargs: dict[str, Any] = {"limit": 100}
                if after:
                    kwargs["after"] = after
                page = self._call(partial(self.client.crm.owners.owners_api.get_page, **kwargs), "owners")
                for owner in page.results or []:
                    name = " ".join(p for p in (owner.first_name, owner.last_name) if p) or None
                    found[str(owner.id)] = (owner.email, name)
                after = page.paging.next.after if page.paging and page.paging.next else None
                if not after:
                    break
            self._owners = found
        return self._owners

    def deals_modified_since(self, since: datetime | None) -> list[CrmDeal]:
        if since is None:
            filters = [Filter(property_name="hs_is_closed", operator="EQ", value="false")]
        else:
            filters = [Filter(property_name="hs_lastmodifieddate", operator="GT", value=_millis(since))]
        deals: list[CrmDeal] = []
        after: str | None = None
        while True:
            request = PublicObjectSearchRequest(
                filter_groups=[FilterGroup(filters=filters)],
                sorts=["hs_lastmodifieddate"],
                properties=list(READ),
                limit=100,
                after=after,
            )
            search = partial(self.client.crm.deals.search_api.do_search, public_object_search_request=request)
            page = self._call(search, "deal search")
            deals.extend(self._deal(record.id, record.properties or {}) for record in page.results or [])
            after = page.paging.next.after if page.paging and page.paging.next else None
            if not after:
                return deals

    def _deal(self, crm_id: str, props: dict[str, Any]) -> CrmDeal:
        owner_id = props.get("hubspot_owner_id")
        email, name = self.owners().get(str(owner_id), (None, None)) if owner_id else (None, None)
        return CrmDeal(
            crm_id=str(crm_id),
            name=str(props.get("dealname") or f"HubSpot deal {crm_id}"),
            stage=props.get("dealstage"),
            amount=_amount(props.get("amount")),
            currency=props.get("deal_currency_code") or None,
            close_date=_day(props.get("closedate")),
            owner_email=email,
            owner_name=name,
            next_step=props.get("hs_next_step") or None,
            closed=str(props.get("hs_is_closed")).lower() == "true",
            modified_at=_when(props.get("hs_lastmodifieddate")),
        )

    def _properties(self, write: CrmWrite) -> dict[str, str]:
        names = {
            "name": "dealname",
            "next_step": "hs_next_step",
            "stage": "dealstage",
            "amount": "amount",
            "currency": "deal_currency_code",
            "close_date": "closedate",
            "owner": self.owner_property,
            "due": self.due_property,
        }
        props: dict[str, str] = {}
        for field, value in write.fields.items():
            if field == "stage":
                value = self.stages.crm_stage(str(value))
            if value is not None and field in names:
                props[names[field]] = value.isoformat() if isinstance(value, date) else str(value)
        for field in write.clear:
            if field in names:
                props[names[field]] = ""
        return props

    def write(self, writes: Sequence[CrmWrite]) -> list[WriteResult]:
        results: dict[str, WriteResult] = {}
        updates = [w for w in writes if w.crm_id]
        creates = [w for w in writes if not w.crm_id]
        for chunk in (updates[i : i + BATCH] for i in range(0, len(updates), BATCH)):
            body = BatchInputSimplePublicObjectBatchInput(
                inputs=[
                    SimplePublicObjectBatchInput(id=w.crm_id, properties=self._properties(w)) for w in chunk
                ]
            )
            self._batch(chunk, results, partial(self.client.crm.deals.batch_api.update, body), "update")
        for chunk in (creates[i : i + BATCH] for i in range(0, len(creates), BATCH)):
            upserts = BatchInputSimplePublicObjectBatchInputUpsert(
                inputs=[
                    SimplePublicObjectBatchInputUpsert(
                        id_property=ID_PROPERTY,
                        id=w.key,
                        properties=self._properties(w) | {"dealname": w.name, ID_PROPERTY: w.key},
                    )
                    for w in chunk
                ]
            )
            self._batch(chunk, results, partial(self.client.crm.deals.batch_api.upsert, upserts), "create")
        return [results[w.key] for w in writes]

    def _batch(
        self, chunk: list[CrmWrite], results: dict[str, WriteResult], call: Callable[[], Any], what: str
    ) -> None:
        try:
            response = self._call(call, f"batch {what}")
        except CrmError as error:
            for write in chunk:
                results[write.key] = WriteResult(write.key, write.crm_id, str(error))
            return
        by_key: dict[str, str] = {}
        for record in response.results or []:
            props = record.properties or {}
            by_key[str(props.get(ID_PROPERTY) or record.id)] = str(record.id)
        for write in chunk:
            crm_id = write.crm_id or by_key.get(write.key)
            problem = None if crm_id else "HubSpot did not return the created deal"
            results[write.key] = WriteResult(write.key, crm_id, problem)

    def setup(self) -> list[str]:
        api = self.client.crm.properties.core_api
        wanted = [
            (self.owner_property, "Next step owner", "enumeration", "select"),
            (self.due_property, "Next step due date", "date", "date"),
            (ID_PROPERTY, "Nextstep id", "string", "text"),
        ]
        made: list[str] = []
        for name, label, kind, field_type in wanted:
            try:
                self._call(partial(api.get_by_name, object_type="deals", property_name=name), "property")
                continue
            except CrmError as missing:
                if "404" not in str(missing):
                    raise
            options = (
                [
                    OptionInput(label="Us", value="us", display_order=0, hidden=False),
                    OptionInput(label="Prospect", value="prospect", display_order=1, hidden=False),
                ]
                if kind == "enumeration"
                else []
            )
            create = PropertyCreate(
                name=name,
                label=label,
                type=kind,
                field_type=field_type,
                group_name="dealinformation",
                options=options,
                has_unique_value=name == ID_PROPERTY,
            )
            self._call(partial(api.create, object_type="deals", property_create=create), "create property")
            made.append(name)
        return made
