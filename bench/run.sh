#!/usr/bin/env bash
# Runs the scenario benchmarks in Release against a throw-away private PostgreSQL.
#   bench/run.sh [scenario ...]     scenarios: startup, settings, scale-data, bulk-readings, billing-run, payment-registry, outage-notification, cabinet-load, faults, bills (default: startup, settings, scale-data, bills)
#   UTILITIES_BENCH_PG_PORT          port of the throw-away cluster (default 54349)
# The exit code is the benchmark's (`faults` fails when a check after a kill fails).
set -euo pipefail
cd "$(dirname "$0")/.."
# `bills` renders PDFs and needs no database.
if [ "$*" = "bills" ]; then
  dotnet run -c Release --project bench/Utilities.Benchmarks -- bills 2>&1 | grep -E '^[a-z0-9-]+: |[Ee]rror|Exception' || true
  exit 0
fi
source scripts/postgres.sh
# cabinet-load drives the host with wrk (Debian package).
if [[ " $* " == *" cabinet-load "* ]] && ! command -v wrk >/dev/null; then
  sudo=""; [ "$(id -u)" = "0" ] || sudo="sudo"
  echo "[bench] installing wrk from Debian packages"
  $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends wrk >/dev/null
fi
pg_reset bench-postgres
# Memory and checkpoint settings of a server sized for the centre's data (this machine: 24 GiB):
# the readings index in memory, checkpoints rare during a bulk load. BENCH_PG_OPTS="" measures the
# defaults (shared_buffers 128 MB, max_wal_size 1 GB).
export PG_EXTRA_OPTS="${BENCH_PG_OPTS--c shared_buffers=4GB -c max_wal_size=16GB -c checkpoint_timeout=30min}"
pg_up bench-postgres "${UTILITIES_BENCH_PG_PORT:-54349}"
trap 'pg_down; pg_reset bench-postgres' EXIT
export BENCH_SERVER="$PG_SERVER_URL"
# cabinet-load: the host and PostgreSQL share the machine, as a single-server centre would run them: over the
# Unix socket (a round trip over loopback TCP cost ~30 % more host CPU here; BENCH_LOAD_TCP=1 measures that).
if [[ " $* " == *" cabinet-load "* ]] && [ -z "${BENCH_LOAD_TCP:-}" ]; then export BENCH_SERVER="$PG_SOCKET_URL"; fi
dotnet build host/Utilities.Host -c Release -nologo -v:q -clp:ErrorsOnly
dotnet run -c Release --project bench/Utilities.Benchmarks -- "$@" 2>&1 | { grep -E '^[a-z0-9-]+: |[Ee]rror|Exception' || true; }
