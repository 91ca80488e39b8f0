"""Microsoft Teams adapter (botbuilder): POST /api/messages, Adaptive Cards, proactive messages."""

from adapters.teams.mount import mount

__all__ = ["mount"]
