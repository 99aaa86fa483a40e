#!/usr/bin/env bash
# Starts the whole system: a private PostgreSQL cluster (unless ConnectionStrings__Utilities is
# set), migrations, demo data on first start, and the host. Ctrl-C stops everything.
#   UTILITIES_DATA_NAME  cluster folder name under .data/   (default: postgres)
#   UTILITIES_PG_PORT    port of the private cluster         (default: 54329)
#   ASPNETCORE_URLS      where the host listens              (default: http://127.0.0.1:5080)
set -euo pipefail
cd "$(dirname "$0")"
source scripts/postgres.sh

command -v dotnet >/dev/null || { echo "error: the .NET SDK (dotnet) is not installed" >&2; exit 1; }

export ASPNETCORE_URLS=${ASPNETCORE_URLS:-http://127.0.0.1:5080}
export ASPNETCORE_ENVIRONMENT=${ASPNETCORE_ENVIRONMENT:-Development}
export Demo__SeedOnStart=${Demo__SeedOnStart:-true}

host_pid=""
cleanup() {
  trap - EXIT INT TERM
  if [ -n "$host_pid" ] && kill -0 "$host_pid" 2>/dev/null; then
    kill -TERM "$host_pid" 2>/dev/null || true
    wait "$host_pid" 2>/dev/null || true
  fi
  pg_down
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if [ -z "${ConnectionStrings__Utilities:-}" ]; then
  pg_up "${UTILITIES_DATA_NAME:-postgres}" "${UTILITIES_PG_PORT:-54329}"
  pg_ensure_database utilities
  export ConnectionStrings__Utilities="$PG_SERVER_URL;Database=utilities"
fi

echo "Building..."
dotnet build host/Utilities.Host/Utilities.Host.csproj -nologo -clp:ErrorsOnly -v:quiet
url=${ASPNETCORE_URLS%%;*}
cat <<TXT

  Utilities settlement centre is starting at $url
    cabinet      $url/
    back office  $url/office      demo staff logins: admin / admin-demo (administrator)
                                                   operator / operator-demo (operator)
    health       $url/health
  Press Ctrl-C to stop.

TXT
(cd host/Utilities.Host && exec dotnet bin/Debug/net10.0/Utilities.Host.dll) &
host_pid=$!
wait "$host_pid"
