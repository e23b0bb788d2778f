#!/usr/bin/env bash
# Installs ccusage, an independent tool that prices Claude Code sessions with its own price table, for the
# test that checks agent-otel's cost per session against it. Not a dependency of the package: its npm
# package pulls a native binary per platform, and only the one for this platform is installed, from the
# npm registry, into a cache outside the repository. Prints the install's directory on its last line (its
# node_modules/.bin/ccusage is the tool).
#
#   AGENT_OTEL_CCUSAGE_DIR   cache directory (default: $XDG_CACHE_HOME/agent-otel/ccusage or ~/.cache/...)
set -euo pipefail

version=20.0.24
cache="${AGENT_OTEL_CCUSAGE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/agent-otel/ccusage}"

fail() {
  local bar='!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!'
  printf '%s\n!! install-ccusage: %s\n%s\n' "$bar" "$*" "$bar" >&2
  exit 3
}

command -v npm >/dev/null 2>&1 || fail "npm is not installed"
platform="$(node -p 'process.platform + "-" + process.arch')"
case "$platform" in
  linux-x64 | linux-arm64 | darwin-x64 | darwin-arm64 | win32-x64 | win32-arm64) ;;
  *) fail "ccusage $version has no binary for $platform" ;;
esac

dir="$cache/ccusage-$version-$platform"
if [ -x "$dir/node_modules/.bin/ccusage" ]; then
  printf 'install-ccusage: ccusage %s cached: %s\n' "$version" "$dir" >&2
else
  printf 'install-ccusage: installing ccusage %s (%s) into %s\n' "$version" "$platform" "$dir" >&2
  trap 'rm -rf "$dir"' EXIT
  rm -rf "$dir"
  mkdir -p "$dir"
  printf '{"name":"agent-otel-ccusage","private":true}\n' > "$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --no-save --omit=optional \
    "ccusage@$version" "@ccusage/ccusage-$platform@$version" >&2
  [ -x "$dir/node_modules/.bin/ccusage" ] || fail "npm finished but $dir/node_modules/.bin/ccusage is missing"
  trap - EXIT
fi
echo "$dir"
