#!/usr/bin/env bash
# Builds the project (tests skipped) and runs the demo: a root actor that spawns child JVMs and calls them.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
mvn -B -ntp -q install -DskipTests
mvn -B -ntp -q -pl demo-app dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec "$JAVA_HOME/bin/java" $TRACTOR_JAVA_FLAGS -cp "demo-app/target/classes:$(cat demo-app/target/classpath.txt)" dev.tractor.demo.DemoMain "$@"
