#!/usr/bin/env bash
# Runs the benchmark suite: Tractor between a root and a child actor process, beside a raw Netty baseline
# (same payload bytes, same two-process layout) in the same run, over TCP and over Unix domain sockets.
# Prints every figure with its ratio tractor/raw and writes the table to tractor-bench/target/bench-results.md.
# Takes about 3 minutes. Arguments go to the harness: --quick, --transports=tcp,uds,
# --only=rtt,stream,echo,fanin,contexts,payload,spawn, --out=FILE. The spawn workload (cold child actors, core and
# Spring, from startActor to the first reply, cancel until the process is gone, their memory, four at once, beside
# the JVM floor; about 2 more minutes) runs only when named: ./scripts/bench.sh --only=spawn (BENCHMARKS.md,
# "Spawning"). BENCH_JAVA_OPTS adds JVM options to the harness,
# e.g. BENCH_JAVA_OPTS="-Dbench.child.jvmArgs=-XX:StartFlightRecording=filename=/tmp/child-%p.jfr" to profile both children.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/java-env.sh

mvn -B -ntp -q package -DskipTests -pl tractor-bench -am
CP="tractor-bench/target/classes:$(cat tractor-bench/target/classpath.txt)"
# the spawn workload's Spring root runs in a JVM of its own, with the Spring Boot starter on its class path
SPRING_CP="$PWD/tractor-bench/target/classes:$(cat tractor-bench/target/classpath-spring.txt)"
# the harness (the root actor) runs with the same JVM options as both child processes (see BenchJvm.OPTIONS)
exec "$JAVA_HOME/bin/java" $TRACTOR_JAVA_FLAGS -XX:+UseSerialGC -Xms256m -Xmx1g ${BENCH_JAVA_OPTS:-} -Dbench.spring.classpath="$SPRING_CP" \
  -cp "$CP" dev.tractor.bench.BenchMain "$@"
