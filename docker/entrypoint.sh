#!/bin/sh
# The container's entrypoint: bring the schema up to date, then serve.
# `nextstep migrate` takes a lock, so replicas starting together migrate one at a time.
# Arguments replace `run` (e.g. `docker compose run nextstep export --format jsonl`).
set -eu
if [ "$#" -gt 0 ]; then
    exec nextstep "$@"
fi
nextstep migrate
exec nextstep run
