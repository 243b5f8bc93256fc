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

# Reruns of the failing test on the head commit, as `flakegate rerun` records
# them: alone in a fresh process (isolated), and after the tests that preceded
# it in the suite (in-suite), each attempt a folder with its report and
# flakegate-rerun.json.
test_id='pytest:tests/e2e/test_conversations_e2e.py::TestMultiTurnConversationE2E::test_multi_turn_conversation_e2e'
node_id='tests/e2e/test_conversations_e2e.py::TestMultiTurnConversationE2E::test_multi_turn_conversation_e2e'
record_rerun() { # mode attempt args...
  local mode=$1 attempt=$2; shift 2
  local dir=reports/reruns/$mode-$attempt
  mkdir -p "$dir"
  local start end
  start=$(date +%s%3N)
  local code=0
  python3 -m pytest -q -p no:cacheprovider --junitxml="$dir/junit.xml" "$@" >/dev/null 2>&1 || code=$?
  end=$(date +%s%3N)
  printf '{ "test": "%s", "mode": "%s", "attempt": %d, "exitCode": %d, "durationMs": %d, "command": ["python3", "-m", "pytest", "%s"] }\n' \
    "$test_id" "$mode" "$attempt" "$code" "$((end - start))" "$node_id" >"$dir/flakegate-rerun.json"
}
for a in 1 2 3 4 5; do record_rerun isolated "$a" "$node_id"; done
for a in 1 2 3; do record_rerun in-suite "$a" tests/background/test_reindex.py "$node_id"; done
