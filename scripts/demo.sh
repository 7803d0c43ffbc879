#!/usr/bin/env bash
# Builds the project (tests skipped) and runs a demo.
#   ./scripts/demo.sh           the core demo: a root actor spawns child JVMs, calls, streams and talks to them
#   ./scripts/demo.sh --spring  the Spring Boot demo (web server on :8080, /actuator/tractor); Ctrl-C stops it
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
mvn -B -ntp -q -Dstyle.color=never install -DskipTests
if [ "${1:-}" = "--spring" ]; then
  shift
  exec "$JAVA_HOME/bin/java" $TRACTOR_JAVA_FLAGS -jar demo-app/target/demo-app-0.1.0-SNAPSHOT-exec.jar "$@"
fi
mvn -B -ntp -q -Dstyle.color=never -pl demo-app dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec "$JAVA_HOME/bin/java" $TRACTOR_JAVA_FLAGS -cp "demo-app/target/classes:$(cat demo-app/target/classpath.txt)" dev.tractor.demo.DemoMain "$@"
