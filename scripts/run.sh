#!/usr/bin/env bash
# Set everything up, load the demo graph into the embedded store and start the app.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/kg demo
exec .venv/bin/kg serve "$@"
