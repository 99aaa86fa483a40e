# Shared shell functions for a private ("embedded") PostgreSQL cluster. Sourced by run.sh,
# test.sh and .ci/run; never executed on its own.
#   pg_ensure_binaries          install the server from Debian packages when it is missing
#   pg_up NAME PORT             create (first time) and start a cluster, export PG_URL parts
#   pg_down                     stop the cluster started by pg_up
# The cluster lives in .data/NAME inside the project, or under /tmp when the postgres OS user
# cannot reach the project folder. Passwords are generated per cluster and never committed.

pg_log() { echo "[postgres] $*" >&2; }

pg_as_owner() {
  if [ "$(id -u)" = "0" ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_find_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; return 0; fi
  done
  return 1
}

pg_ensure_binaries() {
  if PG_BIN=$(pg_find_bin); then export PG_BIN; return 0; fi
  pg_log "PostgreSQL server binaries not found; installing them from Debian packages"
  local sudo=""
  [ "$(id -u)" = "0" ] || sudo="sudo"
  # No default cluster and no service start: we run our own private cluster.
  $sudo mkdir -p /etc/postgresql-common
  echo "create_main_cluster = false" | $sudo tee /etc/postgresql-common/createcluster.conf >/dev/null
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq postgresql >/dev/null
  PG_BIN=$(pg_find_bin) || { echo "error: PostgreSQL installation failed" >&2; return 1; }
  export PG_BIN
}

# Chooses the cluster folder: the project's .data/NAME if the cluster's owner can write there.
pg_choose_dir() {
  local name=$1 root=$2 dir
  dir="$root/.data/$name"
  mkdir -p "$dir"
  if [ "$(id -u)" = "0" ]; then
    chown postgres:postgres "$dir" 2>/dev/null || true
    if ! runuser -u postgres -- test -w "$dir" 2>/dev/null; then
      dir="/tmp/utilities-$(echo "$root" | md5sum | cut -c1-8)/$name"
      mkdir -p "$dir"
      chown postgres:postgres "$(dirname "$dir")" "$dir"
    fi
  fi
  echo "$dir"
}

pg_up() {
  local name=$1 port=$2 root
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  pg_ensure_binaries
  PG_DIR=$(pg_choose_dir "$name" "$root")
  local data="$PG_DIR/data" secret="$root/.data/$name.password"
  mkdir -p "$root/.data"
  if [ ! -f "$data/PG_VERSION" ]; then
    pg_log "creating a private cluster in $data"
    [ -f "$secret" ] || (umask 077; head -c 18 /dev/urandom | base64 | tr -d '/+=' > "$secret")
    local pwfile="$PG_DIR/.pw"
    cp "$secret" "$pwfile"
    [ "$(id -u)" = "0" ] && chown postgres:postgres "$pwfile"
    [ "$(id -u)" = "0" ] && chown postgres:postgres "$PG_DIR"
    pg_as_owner "$PG_BIN/initdb" -D "$data" -U postgres --pwfile="$pwfile" -A scram-sha-256 \
      -E UTF8 --locale=C.UTF-8 >"$PG_DIR/initdb.log" 2>&1 \
      || { rm -f "$pwfile"; cat "$PG_DIR/initdb.log" >&2; echo "error: initdb failed" >&2; return 1; }
    rm -f "$pwfile"
  fi
  PG_PASSWORD=$(cat "$secret")
  if pg_as_owner "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    pg_log "cluster already running in $data"
  else
    pg_as_owner "$PG_BIN/pg_ctl" -D "$data" -l "$PG_DIR/server.log" -w -t 30 \
      -o "-p $port -c listen_addresses=127.0.0.1 -k $PG_DIR -c max_connections=200 ${PG_EXTRA_OPTS:-}" \
      start >/dev/null || { tail -n 20 "$PG_DIR/server.log" >&2; echo "error: PostgreSQL did not start on port $port" >&2; return 1; }
  fi
  PG_DATA="$data"
  PG_PORT=$port
  export PG_DIR PG_DATA PG_PORT PG_PASSWORD
  export PG_SERVER_URL="Host=127.0.0.1;Port=$port;Username=postgres;Password=$PG_PASSWORD"
  # The same server over its Unix socket (Npgsql takes a directory as the host): cheaper round trips when the
  # host runs on the same machine (bench/README.md, cabinet-load).
  export PG_SOCKET_URL="Host=$PG_DIR;Port=$port;Username=postgres;Password=$PG_PASSWORD"
}

pg_psql() {
  PGPASSWORD="$PG_PASSWORD" "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 -qAt "$@"
}

# Creates the application role and database once; prints nothing.
pg_ensure_database() {
  local db=$1
  if [ "$(pg_psql -d postgres -c "select 1 from pg_database where datname = '$db'")" != "1" ]; then
    pg_psql -d postgres -c "create database \"$db\"" >/dev/null
  fi
}

pg_down() {
  [ -n "${PG_DATA:-}" ] || return 0
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
  PG_DATA=""
}

# Stops and deletes a cluster (the throw-away one of the tests).
pg_reset() {
  local name=$1 root dir
  root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  pg_ensure_binaries
  for dir in "$root/.data/$name" "/tmp/utilities-$(echo "$root" | md5sum | cut -c1-8)/$name"; do
    if [ -f "$dir/data/PG_VERSION" ]; then
      pg_as_owner "$PG_BIN/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
  done
  rm -f "$root/.data/$name.password"
}
