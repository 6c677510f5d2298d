# Sourced by test.sh (as root): start a throwaway PostgreSQL cluster and export TEST_POSTGRES_URL.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
pg_dir=$(mktemp -d /tmp/targets-pg.XXXXXX)
pg_port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
chown postgres "$pg_dir"
runuser -u postgres -- "$pg_bin/initdb" -D "$pg_dir/data" -U postgres --auth=trust >/dev/null
runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -l "$pg_dir/log" -w \
  -o "-p $pg_port -k $pg_dir -c listen_addresses=127.0.0.1" start >/dev/null
trap 'runuser -u postgres -- "$pg_bin/pg_ctl" -D "$pg_dir/data" -m fast stop >/dev/null 2>&1 || true' EXIT
export TEST_POSTGRES_URL="postgresql+psycopg://postgres@127.0.0.1:$pg_port/postgres"
