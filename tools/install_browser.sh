#!/usr/bin/env bash
# Installs Debian's chromium for the HTML report's browser test (tests/traffic/test_html_browser.py) when
# it is missing and this is root on a machine with apt; otherwise says why and leaves it (the test skips).
# Idempotent and quiet: nothing to do prints nothing.
set -u
if command -v chromium >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "install_browser: chromium not installed (needs root and apt-get); the browser test will skip" >&2
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -qq chromium >/dev/null 2>&1; then
    apt-get update -qq >/dev/null 2>&1
    apt-get install -y -qq chromium >/dev/null 2>&1 \
        || echo "install_browser: apt-get install chromium failed; the browser test will skip" >&2
fi
exit 0
