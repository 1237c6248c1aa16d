#!/usr/bin/env bash
# Install what the tests need, then run them: unit + state tests, then the browser journeys
# in their own pytest process (their event loop must not meet pytest-asyncio's).
# Usage: test.sh [all|unit|e2e]
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test || exit 1
source scripts/env.sh
what="${1:-all}"
status=0
run() {  # pytest exits 5 when it collects nothing: that is a failure here too
  python -m pytest "$@"; local rc=$?
  [ $rc -eq 0 ] || status=1
}
if [ "$what" = all ] || [ "$what" = unit ]; then
  run -q -p no:cacheprovider tests/unit $( [ -d tests/state ] && ls tests/state/test_*.py >/dev/null 2>&1 && echo tests/state )
fi
if [ "$what" = all ]; then
  python bench/run_all.py --smoke || status=1
fi
if [ "$what" = all ] || [ "$what" = e2e ]; then
  # A journey that fails is run once more and reported as rerun: a busy machine can miss a 15 s
  # expectation; a real failure fails twice.
  run -q -p no:cacheprovider --reruns 1 --reruns-delay 2 tests/e2e
fi
exit $status
