#!/usr/bin/env bash
# Fails (exit 1) when src/main/generated/ is not exactly what generate.sh produces from the
# current schema, i.e. someone edited the .fbs without regenerating, or hand-edited generated code.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
committed="$root/src/main/generated"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
"$here/generate.sh" "$tmp/out"

# README.md is hand-written documentation of the folder, not flatc output.
if ! diff -r -u --exclude=README.md "$committed" "$tmp/out" >"$tmp/drift.diff"; then
  cat "$tmp/drift.diff" >&2
  echo "check-generated.sh: ERROR: src/main/generated/ is out of date with src/main/flatbuffers/." >&2
  echo "check-generated.sh: run scripts/flatc/generate.sh and commit the result (never edit generated code)." >&2
  exit 1
fi
echo "check-generated.sh: OK, src/main/generated/ matches the schema" >&2
