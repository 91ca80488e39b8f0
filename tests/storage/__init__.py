"""Storage tests: schema, constraints, workspace isolation, on SQLite and PostgreSQL."""
