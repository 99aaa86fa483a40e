#!/usr/bin/env bash
# Chromium for the browser tests (Playwright drives Debian's Chromium; `playwright install` is never run).
#   browser_ensure   installs the chromium package when /usr/bin/chromium is missing

browser_ensure() {
  if [ -x /usr/bin/chromium ]; then
    return 0
  fi
  local sudo=""
  [ "$(id -u)" = "0" ] || sudo="sudo"
  echo "[browser] installing chromium from Debian packages"
  $sudo apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
}
