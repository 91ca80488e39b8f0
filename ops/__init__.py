"""Running Nextstep for a team: configuration checks, logs, health, metrics, data in and out."""
