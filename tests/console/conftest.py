"""The console tests share the dialogue tests' one parser per session."""

from tests.assistant.conftest import parser

__all__ = ["parser"]
