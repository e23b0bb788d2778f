#!/usr/bin/env bash
# Builds the real trace backends used by the end-to-end tests and benchmarks:
#   - the OpenTelemetry Collector, from collector-config/otelcol-builder.yaml with the official builder;
#   - Jaeger v2 (all-in-one).
# Both come from the Go module proxy and are cached outside the repository, keyed by version (the
# Collector also by the manifest's contents, so a changed manifest is built anew), so only the first run
# builds. Prints the cache directory on its last line.
#
#   AGENT_OTEL_BACKENDS_DIR   cache directory (default: $XDG_CACHE_HOME/agent-otel/backends or ~/.cache/...)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${AGENT_OTEL_BACKENDS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/agent-otel/backends}"
builder_version="v0.158.0"
# Jaeger v2 binaries are published from the github.com/jaegertracing/jaeger module under its v1.x tags
# (v1.75.0 = Jaeger v2.12.0). The Go proxy here answers 403 for pseudo-versions of arbitrary commits,
# so pin a tagged, approved release.
jaeger_version="v1.75.0"
manifest="$root/collector-config/otelcol-builder.yaml"

if ! command -v go >/dev/null 2>&1; then
  echo "build-backends: Go is not installed; the real Collector and Jaeger cannot be built" >&2
  exit 3
fi

mkdir -p "$cache"
manifest_hash="$(sha256sum "$manifest" | cut -c1-12)"
collector_dir="$cache/otelcol-$builder_version-$manifest_hash"
jaeger_dir="$cache/jaeger-$jaeger_version"

log() { printf 'build-backends: %s\n' "$*" >&2; }
work=""
# A failed build leaves no half-built directory behind.
trap '[ -n "$work" ] && rm -rf "$work"' EXIT

if [ ! -x "$collector_dir/otelcol-agent-otel" ]; then
  start=$SECONDS
  log "building the OpenTelemetry Collector ($builder_version) into $collector_dir"
  tools="$cache/tools-$builder_version"
  if [ ! -x "$tools/builder" ]; then
    GOBIN="$tools" go install "go.opentelemetry.io/collector/cmd/builder@$builder_version"
  fi
  work="$(mktemp -d "$cache/otelcol-build.XXXXXX")"
  "$tools/builder" --config "$manifest" --output-path "$work" >&2
  mkdir -p "$collector_dir"
  mv "$work/otelcol-agent-otel" "$collector_dir/otelcol-agent-otel"
  rm -rf "$work"
  log "collector built in $((SECONDS - start)) s"
else
  log "collector cached: $collector_dir"
fi

if [ ! -x "$jaeger_dir/jaeger" ]; then
  start=$SECONDS
  log "building Jaeger v2 (module version $jaeger_version) into $jaeger_dir"
  # `go install pkg@version` refuses modules whose go.mod has replace directives (Jaeger's has one), so
  # build from a copy of the module source as the main module instead.
  src="$(go mod download -json "github.com/jaegertracing/jaeger@$jaeger_version" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')"
  work="$(mktemp -d "$cache/jaeger-build.XXXXXX")"
  cp -R "$src/." "$work/"
  chmod -R u+w "$work"
  (cd "$work" && go build -trimpath -o "$work/bin/jaeger" ./cmd/jaeger)
  rm -rf "$jaeger_dir"
  mkdir -p "$jaeger_dir"
  mv "$work/bin/jaeger" "$jaeger_dir/jaeger"
  rm -rf "$work"
  log "jaeger built in $((SECONDS - start)) s"
else
  log "jaeger cached: $jaeger_dir"
fi

# Machine-readable locations for the test helpers.
cat > "$cache/backends.json" <<JSON
{"collector":"$collector_dir/otelcol-agent-otel","jaeger":"$jaeger_dir/jaeger"}
JSON
echo "$cache"
