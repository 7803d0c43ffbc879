#!/usr/bin/env bash
# Builds everything and runs the whole test suite (real child JVMs on loopback).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
echo "Using JDK at $JAVA_HOME"
source scripts/browser-env.sh
exec mvn -B -ntp verify "$@"
