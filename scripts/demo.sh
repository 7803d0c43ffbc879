#!/usr/bin/env bash
# Builds the project (tests skipped) and runs a demo.
#   ./scripts/demo.sh          the demo: a Spring Boot application whose worker actors (child JVMs) count primes,
#                              with a page of the live actor tree at http://localhost:8080/; Ctrl-C stops it
#   ./scripts/demo.sh --exit   the same, stopping once its start-up scenario has run
#   ./scripts/demo.sh --core   the core demo: a root actor spawns child JVMs, calls, streams and talks to them
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh
echo "Building Tractor (the first build downloads its dependencies: about a minute)..."
set +e
mvn -B -ntp -Dstyle.color=never install -DskipTests | grep -E '^\[INFO\] (Building |BUILD |Total time)'
built=${PIPESTATUS[0]}
set -e
if [ "$built" != "0" ]; then
  echo "the build failed: run 'mvn -B install -DskipTests' to see why" >&2
  exit 1
fi
# the extracted layout: a plain class path of jars, whose classes the children's class data archive can hold
JAR=demo-app/target/demo-app-0.1.0-SNAPSHOT-exec.jar
APP=demo-app/target/demo-extracted
if [ ! -d "$APP" ] || [ "$JAR" -nt "$APP" ]; then
  rm -rf "$APP"
  "$JAVA_HOME/bin/java" -Djarmode=tools -jar "$JAR" extract --destination "$APP" > /dev/null
fi
case "${1:-}" in
  --core)
    shift
    mvn -B -ntp -q -Dstyle.color=never -pl demo-app dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
    exec "$JAVA_HOME/bin/java" $TRACTOR_JAVA_FLAGS -cp "demo-app/target/classes:$(cat demo-app/target/classpath.txt)" \
      dev.tractor.demo.DemoMain "$@"
    ;;
  --exit)
    shift
    exec "$JAVA_HOME/bin/java" $TRACTOR_JAVA_FLAGS -jar "$APP/demo-app-0.1.0-SNAPSHOT-exec.jar" \
      --demo.exit-after-scenario=true "$@"
    ;;
  --spring)
    shift
    ;;
esac
exec "$JAVA_HOME/bin/java" $TRACTOR_JAVA_FLAGS -jar "$APP/demo-app-0.1.0-SNAPSHOT-exec.jar" "$@"
