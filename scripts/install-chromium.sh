#!/usr/bin/env bash
# Installs Debian's chromium package for the tests of `agent-otel view`'s pages (test/e2e/view-chromium.test.ts
# drives it with playwright-core). Does nothing when a Chromium is already there. Needs apt-get and root.
#
#   AGENT_OTEL_CHROMIUM   a Chromium executable to use instead (then nothing is installed)
set -euo pipefail

bar='!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!'
fail() {
  printf '%s\n!! install-chromium: %s\n%s\n' "$bar" "$*" "$bar" >&2
  exit 3
}

found=""
if [ -n "${AGENT_OTEL_CHROMIUM:-}" ]; then
  [ -x "$AGENT_OTEL_CHROMIUM" ] || fail "AGENT_OTEL_CHROMIUM=$AGENT_OTEL_CHROMIUM is not an executable"
  found="$AGENT_OTEL_CHROMIUM"
elif [ -x /usr/bin/chromium ]; then
  found=/usr/bin/chromium
fi
if [ -n "$found" ]; then
  echo "== chromium: already installed: $found ($("$found" --version 2>/dev/null || echo 'version unknown'))"
  exit 0
fi

command -v apt-get >/dev/null 2>&1 || fail "no Chromium and no apt-get to install it; install chromium and set AGENT_OTEL_CHROMIUM"
[ "$(id -u)" = 0 ] || fail "no Chromium, and installing it needs root: sudo apt-get install -y --no-install-recommends chromium"
echo "$bar"
echo "!! install-chromium: no Chromium here: installing Debian's chromium package"
echo "!!   apt-get update && apt-get install -y --no-install-recommends chromium"
echo "$bar"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq || fail "apt-get update failed"
apt-get install -y -qq --no-install-recommends chromium || fail "apt-get install chromium failed"
[ -x /usr/bin/chromium ] || fail "the chromium package installed no /usr/bin/chromium"
echo "== chromium: installed /usr/bin/chromium ($(/usr/bin/chromium --version 2>/dev/null || echo 'version unknown'))"
