#!/usr/bin/env bash
# The whole suite, in two pytest runs:
#  1. libraries and services: unit tests and nameko service tests, in-process
#     and green (eventlet monkey-patched) against the real database and broker;
#  2. everything else, not green: contract checks, the gateway, deployment
#     files, and the integration and browser tests that run every service as
#     its own process.
# Any failure, and a run that collects no tests (pytest's exit code 5), fails.
set -uo pipefail
cd "$(dirname "$0")/.."
PYTEST=(.venv/bin/python -m pytest)
status=0
"${PYTEST[@]}" -p ledgerline_servicekit.testing.green libs services "$@" || status=1
"${PYTEST[@]}" tests gateway "$@" || status=1
[ "$status" = 0 ] && echo "all tests passed" || echo "TESTS FAILED" >&2
exit "$status"
