# syntax=docker/dockerfile:1
# Build the web app, then run the API (which also serves the app) as a non-root user.

FROM node:20-bookworm-slim AS spa
WORKDIR /build
COPY openapi/ openapi/
COPY frontend/package.json frontend/package-lock.json frontend/
RUN npm --prefix frontend ci --no-audit --no-fund
COPY frontend/ frontend/
RUN npm --prefix frontend run build

FROM python:3.11-slim-bookworm AS app
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1
WORKDIR /app
COPY pyproject.toml README.md ./
COPY src/ src/
RUN pip install --no-compile .
COPY migrations/ migrations/
COPY --from=spa /build/frontend/dist/ frontend/dist/
RUN useradd --system --uid 10001 --home-dir /app termwise
USER termwise
ENV TERMWISE_MIGRATIONS_DIR=/app/migrations \
    TERMWISE_SPA_DIR=/app/frontend/dist
EXPOSE 8000
# Migrations are idempotent: every replica may run them at start; Alembic applies each once.
CMD ["sh", "-c", "termwise migrate && exec termwise serve --host 0.0.0.0 --port 8000 --workers ${WORKERS:-2}"]
