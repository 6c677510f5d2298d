#!/usr/bin/env bash
# Create .venv and install the pinned Python packages (runtime, or dev with "dev").
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
req=requirements.txt
[ "${1:-}" = "dev" ] && req=requirements-dev.txt
.venv/bin/python -m pip install -q --disable-pip-version-check -r "$req"
