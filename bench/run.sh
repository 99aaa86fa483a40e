#!/usr/bin/env bash
# Runs the scenario benchmarks in Release against a throw-away private PostgreSQL.
#   bench/run.sh [scenario ...]     scenarios: startup, settings, scale-data, bulk-readings (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/postgres.sh
pg_reset bench-postgres
pg_up bench-postgres "${UTILITIES_BENCH_PG_PORT:-54349}"
trap 'pg_down; pg_reset bench-postgres' EXIT
export BENCH_SERVER="$PG_SERVER_URL"
dotnet run -c Release --project bench/Utilities.Benchmarks -- "$@" 2>&1 | grep -E '^[a-z-]+: ' || true
