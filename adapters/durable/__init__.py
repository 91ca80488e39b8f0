"""What keeps acknowledged chat work from being lost, for every platform adapter.

- `spool.py`: deliveries acknowledged while the database is down, kept in a local file;
- `readiness.py`: whether the process can do its work now (for `/readyz`).

Which failures are worth another try, and when, is assistant/scheduler/retry.py (the
scheduler's sends need it too).
"""
