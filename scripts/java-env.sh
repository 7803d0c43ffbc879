#!/usr/bin/env bash
# Sourced by the other scripts: exports JAVA_HOME pointing at a JDK 21 or newer.
# Order: $JAVA_HOME if new enough, else the newest JDK >= 21 beside the default one
# (the directory holding the default java's JDK, e.g. /usr/lib/jvm), else `java` on PATH.

tractor_java_feature() {  # prints the feature version of the java binary $1, or 0
  local v
  v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1)
  case "$v" in
    1.*) echo 0 ;;
    "") echo 0 ;;
    *) echo "${v%%.*}" ;;
  esac
}

tractor_pick_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ] && [ "$(tractor_java_feature "$JAVA_HOME/bin/java")" -ge 21 ]; then
    return 0
  fi
  local default_java dirs best="" best_v=0 home v
  default_java=$(command -v java 2>/dev/null || true)
  dirs="/usr/lib/jvm"
  if [ -n "$default_java" ]; then
    dirs="$(dirname "$(dirname "$(dirname "$(readlink -f "$default_java")")")") $dirs"
  fi
  for d in $dirs; do
    for home in "$d"/*/; do
      home=${home%/}
      [ -x "$home/bin/javac" ] || continue
      v=$(tractor_java_feature "$home/bin/java")
      if [ "$v" -ge 21 ] && [ "$v" -gt "$best_v" ]; then best="$home"; best_v=$v; fi
    done
  done
  if [ -z "$best" ] && [ -n "$default_java" ] && [ "$(tractor_java_feature "$default_java")" -ge 21 ]; then
    best=$(dirname "$(dirname "$(readlink -f "$default_java")")")
  fi
  if [ -z "$best" ]; then
    echo "No JDK 21 or newer found (looked at JAVA_HOME, $dirs and PATH). Install one and set JAVA_HOME." >&2
    return 1
  fi
  export JAVA_HOME="$best"
}

tractor_pick_jdk || exit 1
export PATH="$JAVA_HOME/bin:$PATH"

# JDK 24+ warns about sun.misc.Unsafe (Maven's Guava, msgpack) and native access (Netty's epoll).
TRACTOR_JAVA_FLAGS=""
if [ "$(tractor_java_feature "$JAVA_HOME/bin/java")" -ge 24 ]; then
  TRACTOR_JAVA_FLAGS="--enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
fi
export TRACTOR_JAVA_FLAGS
