"""Which CRM, with which credentials, from the environment (README: "Your CRM")."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from adapters.crm.hubspot import DUE_PROPERTY, OWNER_PROPERTY, HubSpotConnector
from adapters.crm.retry import Backoff
from adapters.crm.salesforce import DUE_FIELD, OWNER_FIELD, SalesforceConnector, SalesforceLogin
from assistant.crm.port import CrmConnector
from assistant.crm.stages import StageMap, load_map

SYSTEMS = ("hubspot", "salesforce")


class CrmConfigError(ValueError):
    """A CRM setting is missing or wrong: the message names it."""


@dataclass(frozen=True, slots=True)
class CrmSettings:
    system: str | None
    env: Mapping[str, str]
    sync_minutes: float = 5.0

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> CrmSettings:
        system = (env.get("NEXTSTEP_CRM") or "").strip().lower() or None
        if system is not None and system not in SYSTEMS:
            raise CrmConfigError(f"NEXTSTEP_CRM must be hubspot or salesforce, not {system!r}")
        raw = (env.get("NEXTSTEP_CRM_SYNC_MINUTES") or "5").strip()
        try:
            minutes = float(raw)
        except ValueError:
            raise CrmConfigError(
                f"NEXTSTEP_CRM_SYNC_MINUTES must be a number of minutes, not {raw!r}"
            ) from None
        return cls(system, dict(env), max(minutes, 0.5))

    def _get(self, name: str) -> str | None:
        value = self.env.get(name)
        return value.strip() if value and value.strip() else None

    def stages(self, system: str) -> StageMap:
        return load_map(system, self._get("NEXTSTEP_CRM_STAGES"))

    def connector(self, system: str | None = None, backoff: Backoff | None = None) -> CrmConnector:
        """The connector for `system` (default: NEXTSTEP_CRM), or CrmConfigError naming what is missing."""
        system = system or self.system
        if system == "hubspot":
            token = self._get("HUBSPOT_ACCESS_TOKEN")
            if not token:
                raise CrmConfigError("HUBSPOT_ACCESS_TOKEN is not set (a private app's access token)")
            return HubSpotConnector(
                token,
                self.stages(system),
                host=self._get("HUBSPOT_API_URL"),
                backoff=backoff,
                owner_property=self._get("NEXTSTEP_CRM_OWNER_FIELD") or OWNER_PROPERTY,
                due_property=self._get("NEXTSTEP_CRM_DUE_FIELD") or DUE_PROPERTY,
            )
        if system == "salesforce":
            login = SalesforceLogin(
                login_url=self._get("SALESFORCE_LOGIN_URL") or "https://login.salesforce.com",
                client_id=self._get("SALESFORCE_CLIENT_ID"),
                client_secret=self._get("SALESFORCE_CLIENT_SECRET"),
                refresh_token=self._get("SALESFORCE_REFRESH_TOKEN"),
                username=self._get("SALESFORCE_USERNAME"),
                password=self._get("SALESFORCE_PASSWORD"),
                security_token=self._get("SALESFORCE_SECURITY_TOKEN"),
                instance_url=self._get("SALESFORCE_INSTANCE_URL"),
                access_token=self._get("SALESFORCE_ACCESS_TOKEN"),
            )
            if not (login.refresh_token or login.username or (login.access_token and login.instance_url)):
                raise CrmConfigError(
                    "Salesforce needs SALESFORCE_REFRESH_TOKEN, or SALESFORCE_USERNAME and "
                    "SALESFORCE_PASSWORD, with SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET"
                )
            if (login.refresh_token or login.username) and not (login.client_id and login.client_secret):
                raise CrmConfigError("SALESFORCE_CLIENT_ID and SALESFORCE_CLIENT_SECRET are not set")
            return SalesforceConnector(
                login,
                self.stages(system),
                backoff=backoff,
                owner_field=self._get("NEXTSTEP_CRM_OWNER_FIELD") or OWNER_FIELD,
                due_field=self._get("NEXTSTEP_CRM_DUE_FIELD") or DUE_FIELD,
            )
        raise CrmConfigError("NEXTSTEP_CRM is not set: hubspot or salesforce")
