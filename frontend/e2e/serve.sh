#!/usr/bin/env bash
# Starts the real Termwise API (serving the built app from dist/) on a fresh SQLite database
# with the demo trust loaded, for the browser tests. Playwright runs this as its webServer.
#   VENV       the Python virtualenv with `termwise` (default: ../.venv beside frontend/)
#   E2E_PORT   the port (default 8765; playwright.config.ts reads the same variable)
#   E2E_EMPTY  1: no demo, only a platform administrator (the set-up journey's server)
set -euo pipefail

frontend="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$frontend"
venv="${VENV:-../.venv}"
termwise="$venv/bin/termwise"
port="${E2E_PORT:-8765}"

if [[ ! -x "$termwise" ]]; then
  echo "serve.sh: no termwise at $termwise; create the virtualenv first (or set VENV)." >&2
  exit 1
fi
if [[ ! -f "$frontend/dist/index.html" ]]; then
  echo "serve.sh: no built app at $frontend/dist; run \`npm run build\` first." >&2
  exit 1
fi

# Leftovers of earlier runs (the server is exec'd, so nothing runs after it to clean up).
find "${TMPDIR:-/tmp}" -maxdepth 1 -name 'termwise-e2e.*' -type d -mmin +60 \
  -exec rm -rf {} + 2>/dev/null || true
tmp="$(mktemp -d "${TMPDIR:-/tmp}/termwise-e2e.XXXXXX")"

export TERMWISE_DATABASE_URL="sqlite:///$tmp/e2e.db"
TERMWISE_SECRET_KEY="$(head -c 36 /dev/urandom | base64 | tr '+/' '-_' | tr -d '\n')"
export TERMWISE_SECRET_KEY
export TERMWISE_SPA_DIR="$frontend/dist"

"$termwise" migrate
if [[ "${E2E_EMPTY:-}" == "1" ]]; then
  # A first day: no demo, only the platform administrator the set-up journey starts from.
  "$termwise" create-superuser "${E2E_ADMIN_EMAIL:-admin@journey.example}" \
    --password "${E2E_ADMIN_PASSWORD:-first-day-of-term-2026}" --name "Journey Administrator" >/dev/null
  echo "serve.sh: empty database at $tmp/e2e.db; serving on http://127.0.0.1:$port"
else
  "$termwise" demo >/dev/null
  echo "serve.sh: demo database at $tmp/e2e.db; serving on http://127.0.0.1:$port"
fi
exec "$termwise" serve --host 127.0.0.1 --port "$port"
