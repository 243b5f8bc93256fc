#!/usr/bin/env bash
# Fails when dist/ differs from a fresh build of src/ (the runner executes dist/).
set -euo pipefail
cd "$(dirname "$0")/.."
npm run --silent build
if ! git diff --quiet --text -- dist/ || [ -n "$(git ls-files --others --exclude-standard -- dist/)" ]; then
  echo "dist/ is stale: run 'npm run build' and commit dist/." >&2
  git --no-pager diff --stat --text -- dist/ >&2
  git ls-files --others --exclude-standard -- dist/ >&2
  exit 1
fi
echo "dist/ is up to date."
