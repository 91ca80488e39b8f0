"""Nextstep in Slack (slack-bolt): `mount(web_app, services, settings)` serves it and returns a notifier."""

from adapters.slack.app import mount

__all__ = ["mount"]
