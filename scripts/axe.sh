#!/usr/bin/env bash
# axe-core for the accessibility crawl of the browser tests (an npm package pinned in
# tests/Utilities.EndToEnd.Tests/package-lock.json, injected into the pages by the tests).
#   axe_ensure   installs nodejs + npm from Debian packages when npm is missing, then `npm ci`
#                when node_modules/axe-core is missing or not the version the lock file pins

axe_ensure() {
  local dir
  dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/Utilities.EndToEnd.Tests"
  if ! command -v npm >/dev/null 2>&1; then
    local sudo=""
    [ "$(id -u)" = "0" ] || sudo="sudo"
    echo "[axe] installing nodejs and npm from Debian packages"
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null || return 1
  fi
  if [ -f "$dir/node_modules/axe-core/axe.min.js" ] && (cd "$dir" && node -e '
      const want = require("./package-lock.json").packages["node_modules/axe-core"].version;
      process.exit(require("./node_modules/axe-core/package.json").version === want ? 0 : 1)' 2>/dev/null); then
    return 0
  fi
  echo "[axe] npm ci in tests/Utilities.EndToEnd.Tests"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null) || return 1
  [ -f "$dir/node_modules/axe-core/axe.min.js" ]
}
