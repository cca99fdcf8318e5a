#!/usr/bin/env bash
# Run by the build before the examples' tests: the web login test drives Debian's chromium and chromium-driver.
# Installs them when missing and this user may (root with apt-get); otherwise says how, and the test then fails
# with the same instruction. It never makes the test skip.
set -u
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
  exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "[ensure-chromium] installing chromium and chromium-driver for the browser test"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  exit 0
fi
echo "[ensure-chromium] chromium and chromium-driver are missing; install them (Debian: apt-get install chromium chromium-driver) or the browser test fails" >&2
exit 0
