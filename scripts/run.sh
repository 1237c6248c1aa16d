#!/usr/bin/env bash
# Set up, migrate, seed the demo world when empty, and serve. Usage: run.sh [prod|dev]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh run
source scripts/env.sh
mode="${1:-prod}"
mkdir -p data
reflex db migrate
python -m partner_portal.demo
if [ "$mode" = dev ]; then
  exec reflex run
fi
exec reflex run --env prod --single-port
