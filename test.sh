#!/usr/bin/env bash
# Runs every test against a throw-away PostgreSQL cluster and ends with "N passed, N failed".
#   UTILITIES_TEST_PG_PORT  port of the throw-away cluster (default: 54339)
#   extra arguments go to 'dotnet test' (e.g. --filter-class ...)
set -uo pipefail
cd "$(dirname "$0")"
source scripts/postgres.sh
source scripts/browser.sh
source scripts/axe.sh
browser_ensure || { echo "0 passed, 1 failed"; exit 1; }
axe_ensure || { echo "0 passed, 1 failed"; exit 1; }

results="$PWD/.data/test-results"
rm -rf "$results" && mkdir -p "$results"

pg_reset test-postgres
PG_EXTRA_OPTS="-c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  pg_up test-postgres "${UTILITIES_TEST_PG_PORT:-54339}" || exit 1
trap pg_down EXIT
export UTILITIES_TEST_SERVER="$PG_SERVER_URL"
# The browser tests' screenshots of each journey's end state go to $results/screenshots.
export UTILITIES_TEST_ARTIFACTS="$results"

echo "Building..."
if ! dotnet build Utilities.sln -nologo -clp:ErrorsOnly -v:quiet; then
  echo "0 passed, 1 failed"
  exit 1
fi

# A filtered run (--filter-class …) leaves some test assemblies with nothing to run: that is not a failure.
extra=()
[ "$#" -gt 0 ] && extra=(--ignore-exit-code 8)
# One test assembly at a time: the browser tests share two cores with the host tests (billing runs, hosts
# started as processes), and navigations under that load timed out.
dotnet test --solution Utilities.sln --no-build --max-parallel-test-modules 1 --report-trx --results-directory "$results" "${extra[@]}" "$@"
status=$?

passed=0; failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p')
  f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
# The host logs fill the console; repeat each failure (name, message, top of the stack) at the end, where a
# truncated CI log still shows it.
if [ "$failed" -gt 0 ]; then
  perl -0777 -ne '
    while (/<UnitTestResult\b[^>]*?testName="([^"]*)"[^>]*?outcome="Failed"[^>]*>(.*?)<\/UnitTestResult>/sg) {
      my ($name, $body) = ($1, $2);
      my ($msg) = $body =~ /<Message>(.*?)<\/Message>/s; my ($st) = $body =~ /<StackTrace>(.*?)<\/StackTrace>/s;
      for ($name, $msg, $st) { next unless defined; s/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&#xD;//g; s/&#xA;/\n/g; s/&amp;/&/g; }
      my @m = split /\n/, ($msg // ""); my @s = split /\n/, ($st // "");
      print "FAILED: $name\n", map("    $_\n", @m[0 .. ($#m < 24 ? $#m : 24)]), map("      $_\n", @s[0 .. ($#s < 6 ? $#s : 6)]);
    }' "$results"/*.trx
fi
echo "$passed passed, $failed failed"
[ "$status" -eq 0 ] && [ "$failed" -eq 0 ]
