"""/metrics counts Teams activities by kind, from arrival to the HTTP answer, and the replies."""

from __future__ import annotations

from tests.ops.test_health_and_metrics import get, sample
from tests.teams.conftest import DANA
from tests.teams.harness import TeamsHarness, Tenant
from tests.teams.test_dialogue import answer_to


def test_a_teams_update_and_a_bad_request_are_counted_by_platform_and_kind(
    teams: TeamsHarness, tenant: Tenant
) -> None:
    url = f"http://127.0.0.1:{teams.port}/metrics"
    before = get(url)[1]
    answer_to(teams, tenant.personal_message(DANA, "Pied Piper: sent the proposal, they decide Friday"))
    assert teams.post({"no": "type"})[0] == 400
    after = get(url)[1]

    def grew(name: str, **labels: str) -> float:
        return sample(after, name, **labels) - sample(before, name, **labels)

    assert grew("nextstep_events_received_total", platform="teams", kind="message") == 1
    assert grew("nextstep_events_handled_total", platform="teams", kind="message") == 1
    assert grew("nextstep_events_failed_total", platform="teams", kind="message") == 0
    assert grew("nextstep_event_handling_seconds_count", platform="teams", kind="message") == 1
    assert grew("nextstep_replies_sent_total", platform="teams") == 1
    assert grew("nextstep_events_received_total", platform="teams", kind="unknown") == 1
