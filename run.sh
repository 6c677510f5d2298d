#!/usr/bin/env bash
# One command: set up and start the dashboard on the embedded default (SQLite under data/),
# with demo progress (示例数据) loaded until real uploads replace it.
# The server is started again whenever it dies (after 1 s, doubling up to 30 s while it keeps
# dying at once); Ctrl-C or SIGTERM stops it and this loop.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
.venv/bin/python -m targets demo || true   # refuses (and says why) once real uploads exist

server=""
stop() {
  [ -n "$server" ] && kill -TERM "$server" 2>/dev/null && wait "$server" 2>/dev/null
  exit 0
}
trap stop INT TERM

delay=1
while true; do
  started=$SECONDS
  .venv/bin/python -m ui.serve --server.address "${HOST:-127.0.0.1}" --server.port "${PORT:-8501}" "$@" &
  server=$!
  code=0
  wait "$server" || code=$?
  [ "$code" -eq 0 ] && exit 0   # a clean stop ends the loop
  [ $((SECONDS - started)) -gt 60 ] && delay=1   # it had been serving: start again soon
  echo "run.sh: the server stopped (exit $code); starting it again in ${delay} s" >&2
  sleep "$delay"
  delay=$((delay * 2 > 30 ? 30 : delay * 2))
done
