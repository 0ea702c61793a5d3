#!/usr/bin/env bash
# The browser tests drive Debian's Chromium through Playwright (never a
# downloaded browser). Install it when missing, as root on Debian/Ubuntu.
set -uo pipefail
CHROMIUM="${LEDGERLINE_CHROMIUM:-/usr/bin/chromium}"
[ -x "$CHROMIUM" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  printf '\033[1m==> installing chromium for the browser tests\033[0m\n' >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium >/dev/null; }
fi
[ -x "$CHROMIUM" ] || { echo "error: $CHROMIUM is missing; install Debian's chromium package" >&2; exit 1; }
