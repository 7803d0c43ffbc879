#!/usr/bin/env bash
# Sourced by scripts/test.sh: makes sure the system's Chromium and its driver are there for the demo page's
# browser test (Debian packages chromium and chromium-driver), installing them when this runs as root with apt;
# otherwise says that the browser test will be skipped.
if command -v chromium > /dev/null 2>&1 && command -v chromedriver > /dev/null 2>&1; then
  return 0 2>/dev/null || exit 0
fi
if [ "$(id -u)" = "0" ] && command -v apt-get > /dev/null 2>&1; then
  echo "Installing Chromium and its driver for the browser test (apt-get install chromium chromium-driver)..."
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq > /dev/null && apt-get install -y -qq --no-install-recommends chromium chromium-driver > /dev/null \
    || echo "could not install Chromium: the browser test will be skipped" >&2
else
  echo "No Chromium here (install chromium and chromium-driver to run the browser test): it will be skipped" >&2
fi
