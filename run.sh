#!/usr/bin/env bash
# One command: set up and start the dashboard on the embedded default (SQLite under data/),
# with demo progress (示例数据) loaded until real uploads replace it.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
.venv/bin/python -m targets demo || true   # refuses (and says why) once real uploads exist
exec .venv/bin/python -m ui.serve --server.address "${HOST:-127.0.0.1}" --server.port "${PORT:-8501}" "$@"
