#!/usr/bin/env bash
# Regenerate the single initial migration from models.py (allowed while nothing has shipped to production).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
rm -f alembic/versions/*.py
DATABASE_URL="sqlite:///$tmp/regen.db" REFLEX_TELEMETRY_ENABLED=false .venv/bin/reflex db makemigrations --message "initial schema" >/dev/null
f=$(ls alembic/versions/*.py | head -1)
mv "$f" alembic/versions/0001_initial.py
rm -rf "$tmp"
echo "alembic/versions/0001_initial.py regenerated"
