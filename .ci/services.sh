# Sourced by .ci/run: system packages and services the tests need, installed and started here
# so that nothing relies on what the machine happens to have.
#   - Debian's chromium, for the browser (e2e) tests;
#   - Debian's postgresql, started on 127.0.0.1 for the store tests (SCLAB_TEST_PG_URL);
#   - Debian's nodejs and npm where missing (configurable-http-proxy for the JupyterHub test).
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "== apt-get: postgresql chromium"
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql chromium >/dev/null
  if ! command -v npm >/dev/null 2>&1; then  # npm installs configurable-http-proxy for the JupyterHub test
    echo "== apt-get: nodejs npm"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
  fi
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
if [ -n "$PGBIN" ] && id postgres >/dev/null 2>&1; then
  SCLAB_PGDATA=$(mktemp -d /tmp/sclab-pg.XXXXXX)
  chown postgres "$SCLAB_PGDATA"
  runuser -u postgres -- "$PGBIN/initdb" -D "$SCLAB_PGDATA" -A trust -U sclab >/dev/null
  runuser -u postgres -- "$PGBIN/pg_ctl" -D "$SCLAB_PGDATA" -l "$SCLAB_PGDATA/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p 54329 -k $SCLAB_PGDATA -c max_connections=250" start >/dev/null
  export SCLAB_TEST_PG_URL="postgresql+psycopg://sclab@127.0.0.1:54329/postgres"
  echo "== PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:54329"
  stop_services() { runuser -u postgres -- "$PGBIN/pg_ctl" -D "$SCLAB_PGDATA" -m fast stop >/dev/null 2>&1; rm -rf "$SCLAB_PGDATA"; }
  trap stop_services EXIT
else
  echo "== PostgreSQL not available: the store's PostgreSQL tests will fail under CI=true"
fi
