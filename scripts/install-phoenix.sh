#!/usr/bin/env bash
# Installs Arize Phoenix (an LLM-observability backend that reads OTLP traces) for the end-to-end tests:
# a Python virtual environment with every package at the exact version listed in
# scripts/phoenix-requirements.txt, from PyPI. Cached outside the repository, keyed by the Phoenix version
# and the hash of that list, so only the first run installs. Prints the environment's directory on its
# last line (its bin/phoenix is the server).
#
#   AGENT_OTEL_PHOENIX_DIR   cache directory (default: $XDG_CACHE_HOME/agent-otel/phoenix or ~/.cache/...)
#   PYTHON                   the interpreter to build the environment with (default: python3; 3.11 to 3.14)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${AGENT_OTEL_PHOENIX_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/agent-otel/phoenix}"
requirements="$root/scripts/phoenix-requirements.txt"
python="${PYTHON:-python3}"

log() { printf 'install-phoenix: %s\n' "$*" >&2; }
fail() {
  local bar='!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!'
  printf '%s\n!! install-phoenix: %s\n%s\n' "$bar" "$*" "$bar" >&2
  exit 3
}

phoenix_version="$(sed -n 's/^arize-phoenix==\(.*\)$/\1/p' "$requirements")"
[ -n "$phoenix_version" ] || fail "no arize-phoenix==<version> line in $requirements"

command -v "$python" >/dev/null 2>&1 || fail "$python is not installed; Phoenix needs Python 3.11 to 3.14 (set PYTHON to another interpreter)"
"$python" -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] < (3, 15) else 1)' \
  || fail "$("$python" --version 2>&1) is not supported by arize-phoenix $phoenix_version (3.11 to 3.14 are)"
"$python" -c 'import venv, ensurepip' >/dev/null 2>&1 \
  || fail "$python has no venv/ensurepip module (on Debian: apt-get install python3-venv)"

python_tag="$("$python" -c 'import sys; print(f"py{sys.version_info[0]}{sys.version_info[1]}")')"
requirements_hash="$(sha256sum "$requirements" | cut -c1-12)"
env_dir="$cache/phoenix-$phoenix_version-$python_tag-$requirements_hash"

mkdir -p "$cache"
if [ -x "$env_dir/bin/phoenix" ]; then
  log "Phoenix $phoenix_version cached: $env_dir"
else
  start=$SECONDS
  log "installing arize-phoenix $phoenix_version into $env_dir"
  # A failed install leaves no half-built environment behind. The environment is built in place (a venv
  # records its own path in its scripts), so the finished marker is bin/phoenix, installed last.
  trap 'rm -rf "$env_dir"' EXIT
  rm -rf "$env_dir"
  "$python" -m venv "$env_dir"
  # Only the package index: no extra wheel folders or indexes from the environment.
  env -u PIP_FIND_LINKS -u PIP_EXTRA_INDEX_URL PIP_DISABLE_PIP_VERSION_CHECK=1 \
    "$env_dir/bin/pip" install --no-input --quiet --requirement "$requirements" >&2
  [ -x "$env_dir/bin/phoenix" ] || fail "pip finished but $env_dir/bin/phoenix is missing"
  "$env_dir/bin/python" -c 'import phoenix.server.main' \
    || fail "the Phoenix server module does not import in $env_dir"
  trap - EXIT
  log "installed in $((SECONDS - start)) s"
fi

# Machine-readable location for the test helpers.
printf '{"phoenix":"%s","version":"%s"}\n' "$env_dir/bin/phoenix" "$phoenix_version" > "$cache/phoenix.json"
echo "$env_dir"
