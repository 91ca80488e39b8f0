# Nextstep for a team: `docker compose up` (see compose.yaml and README, "Run it for a team").
FROM python:3.11-slim AS build
WORKDIR /src
# Pinned versions first, so the dependency layer is cached across code changes.
COPY constraints.txt pyproject.toml README.md ./
COPY app.py ./
COPY adapters ./adapters
COPY assistant ./assistant
COPY nlp ./nlp
COPY ops ./ops
COPY storage ./storage
RUN python -m venv /opt/nextstep \
    && /opt/nextstep/bin/pip install --no-cache-dir --upgrade pip \
    && /opt/nextstep/bin/pip install --no-cache-dir --constraint constraints.txt .
# One import keeps the date grammar's walked starts in the image (nlp/__pycache__, beside the bytecode
# pip wrote): the app's user cannot write there, and would otherwise walk them on every start.
RUN /opt/nextstep/bin/python -c "import nlp"

FROM python:3.11-slim
ENV PATH=/opt/nextstep/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PORT=3000 \
    LOG_FORMAT=json
COPY --from=build /opt/nextstep /opt/nextstep
COPY docker/entrypoint.sh /usr/local/bin/nextstep-entrypoint
RUN groupadd --system --gid 10001 nextstep \
    && useradd --system --uid 10001 --gid nextstep --home-dir /data --create-home nextstep
WORKDIR /data
USER 10001:10001
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD python -c "import os, urllib.request; urllib.request.urlopen(f'http://127.0.0.1:{os.environ.get(\"PORT\", \"3000\")}/healthz', timeout=4)"
ENTRYPOINT ["nextstep-entrypoint"]
