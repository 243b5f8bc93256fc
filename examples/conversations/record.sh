#!/usr/bin/env bash
# Records real pytest runs of this project as CI would keep them:
#   reports/head/        the run being assessed (full suite, first attempt)
#   reports/history/NN/  earlier runs on main, each with flakegate-run.json
# Usage: bash record.sh [HISTORY_RUNS]   (needs python3 with pytest)
set -euo pipefail
cd "$(dirname "$0")"
runs=${1:-30}
rm -rf reports && mkdir -p reports/head reports/history
pytest() { python3 -m pytest -q -p no:cacheprovider "$@" >/dev/null 2>&1 || true; }
for i in $(seq -w 1 "$runs"); do
  dir=reports/history/$i
  mkdir -p "$dir"
  pytest --junitxml="$dir/junit.xml"
  sha=$(printf 'main-%s' "$i" | sha1sum | cut -c1-40)
  # One run every six hours, oldest first.
  printf '{ "runId": %d, "sha": "%s", "branch": "main", "createdAt": "2026-11-%02dT%02d:00:00Z", "attempt": 1, "event": "push" }\n' \
    "$((1000 + 10#$i))" "$sha" "$(( 1 + (10#$i - 1) / 4 ))" "$(( (10#$i - 1) % 4 * 6 ))" >"$dir/flakegate-run.json"
done
# The head run: keep running the suite until it fails, as the run that made someone look.
for _ in $(seq 1 40); do
  pytest --junitxml=reports/head/junit.xml
  grep -q '<failure' reports/head/junit.xml && break
done
