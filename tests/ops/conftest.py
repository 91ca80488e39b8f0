"""The Slack workspace fixtures (fake Web API, real server) for the ops tests over HTTP."""

from tests.slack.conftest import fake_slack, parser, workspace

__all__ = ["fake_slack", "parser", "workspace"]
