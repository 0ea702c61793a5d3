# One image for every Ledgerline process; the command picks the part:
#   ledgerline-service <timetracking|workorders|invoicing|dunning|analytics>
#   ledgerline-gateway serve
#   ledgerline-migrate upgrade --create-databases && ledgerline-topology declare   (deploy step)
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never

RUN pip install --no-cache-dir uv==0.13.8

WORKDIR /app
COPY pyproject.toml uv.lock ./
COPY libs ./libs
COPY services ./services
COPY gateway ./gateway
# /data/receipts and /data/photos exist, owned by the service's user, so a new named volume mounted
# there (docker compose) starts with that owner and the non-root service can write to it.
RUN uv sync --frozen --all-packages --no-dev --no-editable \
    && groupadd --system --gid 10001 ledgerline \
    && useradd --system --uid 10001 --gid 10001 --home /app ledgerline \
    && mkdir -p /data/receipts /data/photos && chown ledgerline:ledgerline /data/receipts /data/photos

ENV PATH=/app/.venv/bin:$PATH \
    LEDGERLINE_LOG_FORMAT=json
USER ledgerline
EXPOSE 8000 9100
CMD ["ledgerline-gateway", "serve"]
