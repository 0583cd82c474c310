# Styrbot in one container: Slack (HTTP or Socket Mode) and the schedule in one process, the
# store on a volume. Guide: docs/drift.md. Build: docker build -t styrbot .
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STYRBOT_DB=/data/styrbot.db \
    STYRBOT_LOG=INFO \
    PORT=3000

WORKDIR /app
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY handlers ./handlers
COPY store ./store
COPY templates ./templates
COPY data ./data
RUN pip install . \
    && useradd --system --uid 10001 --user-group --home-dir /data --no-create-home \
       --shell /usr/sbin/nologin styrbot \
    && mkdir -p /data \
    && chown 10001:10001 /data

# not root; the store, its lock and a .env (if any) live in /data
USER 10001:10001
WORKDIR /data
VOLUME ["/data"]
EXPOSE 3000

# the store opens and the schedule ran lately; over HTTP also GET /healthz
HEALTHCHECK --interval=60s --timeout=15s --start-period=60s --retries=3 \
    CMD ["styrbot", "health"]

ENTRYPOINT ["styrbot"]
CMD ["start"]
