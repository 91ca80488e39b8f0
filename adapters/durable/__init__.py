"""What keeps acknowledged chat work from being lost, for every platform adapter.

- `spool.py`: deliveries acknowledged while the database is down, kept in a local file;
- `retry.py`: which failures are worth another try, and when (backoff, Retry-After);
- `readiness.py`: whether the process can do its work now (for `/readyz`).
"""
