#!/usr/bin/env bash
# Several dashboard processes behind nginx on one store (deploy/serve_many.py; README "Several app processes").
# Example: DATABASE_URL=postgresql+psycopg://targets@db/targets bash scripts/serve_many.sh --processes 4 --listen 80
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/python -m deploy.serve_many "$@"
