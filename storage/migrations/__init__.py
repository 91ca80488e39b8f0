"""Alembic migrations for Nextstep's schema (run them with `nextstep migrate`)."""
