#!/usr/bin/env bash
# Builds everything and runs the whole test suite (real child JVMs on loopback).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
echo "Using JDK at $JAVA_HOME"
exec mvn -B -ntp verify "$@"
