#!/usr/bin/env bash
# Set everything up, load the demo graph into the embedded store and start the app.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
# The demo graph, unless the store already has one (kg demo is idempotent, but takes ~20 s).
if ! .venv/bin/kg stats --json 2>/dev/null | grep -q '"Agreement"'; then
  .venv/bin/kg demo
fi
exec .venv/bin/kg serve "$@"
