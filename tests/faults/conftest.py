"""Fault tests: the app killed, rate-limited, or cut off from its database, and what people see.

They reuse the Slack workspace of tests/slack (the fake Web API and the real app server).
"""

from tests.slack.conftest import fake_slack, parser, workspace

__all__ = ["fake_slack", "parser", "workspace"]
