#!/usr/bin/env bash
# Set up everything the project needs on a fresh Debian machine. Idempotent.
#   scripts/setup.sh            Python virtualenv (.venv) with the locked dependencies and `kg`
#   scripts/setup.sh --test     also: Debian packages for browser tests, the Neo4j test server (Maven)
set -euo pipefail
cd "$(dirname "$0")/.."
want_test=0
[ "${1:-}" = "--test" ] && want_test=1

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

find_python() {
  # A Python >= 3.12: KG_PYTHON, then PATH, then pyenv versions, then one that uv manages.
  local c
  for c in "${KG_PYTHON:-}" python3.12 python3.13 python3 \
           $(ls -d "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V); do
    [ -n "$c" ] || continue
    command -v "$c" >/dev/null 2>&1 || [ -x "$c" ] || continue
    if "$c" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; then
      command -v "$c" 2>/dev/null || echo "$c"; return 0
    fi
  done
  if command -v uv >/dev/null 2>&1; then uv python find '>=3.12' 2>/dev/null && return 0; fi
  return 1
}

if [ ! -x .venv/bin/python ] || ! .venv/bin/python -c 'import sys; sys.exit(0 if sys.version_info >= (3,12) else 1)'; then
  PY=$(find_python) || { echo "setup: no Python >= 3.12 found (PATH, pyenv, uv). Install one (e.g. 'pyenv install 3.12') or set KG_PYTHON=/path/to/python3.12." >&2; exit 1; }
  say "creating .venv with $PY ($("$PY" --version))"
  rm -rf .venv
  "$PY" -m venv .venv
fi

stamp=.venv/.installed-$(sha1sum requirements.lock pyproject.toml | sha1sum | cut -c1-12)
if [ ! -f "$stamp" ]; then
  say "installing locked dependencies (requirements.lock)"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r requirements.lock
  .venv/bin/python -m pip install -q --no-deps -e .
  rm -f .venv/.installed-*; touch "$stamp"
fi
[ -x .venv/bin/kg ] || { echo "setup: .venv/bin/kg is missing after install" >&2; exit 1; }

if [ "$want_test" = 1 ]; then
  need=()
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  [ -d /usr/share/fonts/opentype/noto ] && ls /usr/share/fonts/opentype/noto/NotoSansCJK* >/dev/null 2>&1 || need+=(fonts-noto-cjk)
  command -v java >/dev/null 2>&1 || need+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null 2>&1 || need+=(maven)
  if command -v docker >/dev/null 2>&1 && ! docker compose version >/dev/null 2>&1; then
    command -v docker-compose >/dev/null 2>&1 || need+=(docker-compose)  # to validate the compose file
  fi
  if [ ${#need[@]} -gt 0 ]; then
    say "installing Debian packages: ${need[*]}"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  say "building the Neo4j test server (Maven; first run downloads ~100 MB)"
  .venv/bin/python tests/neo4j_server/server.py build
fi
say "ready: .venv/bin/kg"
