# The bot in a container image: `docker build -t hipthrust-coach .`; compose.yaml runs it with
# PostgreSQL. README, "Operating it", says what to set and what to watch.
ARG PYTHON_VERSION=3.11

# The dependencies, exactly as locked: requirements.lock pins every package with its hashes
# (`make lock` writes it from pyproject.toml), so two builds of one commit get the same code.
FROM python:${PYTHON_VERSION}-slim AS dependencies
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_CACHE_DIR=1
COPY requirements.lock /tmp/requirements.lock
RUN python -m venv /opt/venv \
    && /opt/venv/bin/pip install --require-hashes --no-deps -r /tmp/requirements.lock

FROM python:${PYTHON_VERSION}-slim
# A user of its own (never root); it owns only the data volume.
RUN groupadd --system --gid 10001 hipthrust \
    && useradd --system --uid 10001 --gid hipthrust --no-create-home --shell /usr/sbin/nologin hipthrust \
    && mkdir -p /var/lib/hipthrust \
    && chown hipthrust:hipthrust /var/lib/hipthrust
COPY --from=dependencies /opt/venv /opt/venv
WORKDIR /app
# The code and its shipped content (guide, quiz, RPE chart), read-only for the bot's user.
COPY bot/ bot/
COPY cogs/ cogs/
COPY data/ data/
# The SQLite file lives on the volume (a PostgreSQL DATABASE_URL replaces it; see compose.yaml).
# matplotlib (the charts) writes its cache under MPLCONFIGDIR.
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    MPLCONFIGDIR=/tmp/matplotlib \
    DATABASE_URL=sqlite:////var/lib/hipthrust/hipthrust.db
VOLUME ["/var/lib/hipthrust"]
USER 10001:10001
# Metrics and health when METRICS_PORT=9100 and METRICS_HOST=0.0.0.0 are set (off by default).
EXPOSE 9100
# Asks /healthz when METRICS_PORT is set; without it the check only says the process runs.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-m", "bot.operations.healthcheck"]
ENTRYPOINT ["python", "-m", "bot"]
CMD ["run"]
