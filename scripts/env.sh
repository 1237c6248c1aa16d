# Sourced by the make targets: the project-local bun and Reflex's switches.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/.tools/node_modules/.bin:$ROOT/.venv/bin:$PATH"
export REFLEX_BUN_PATH="$ROOT/.tools/node_modules/.bin/bun"
export REFLEX_USE_SYSTEM_BUN=1
export REFLEX_TELEMETRY_ENABLED=false
export PYTHONDONTWRITEBYTECODE=1
