#!/usr/bin/env bash
# Shared by the dlog scripts: finds Java, builds the classpath, composes the JVM options.
# Environment knobs (all optional):
#   JAVA_HOME                 the Java 17+ to use (else `java` on the PATH)
#   DLOG_MAX_HEAP_MEMORY      heap of servers (default 1g) / commands: DLOG_CLI_MAX_HEAP_MEMORY (default 512m)
#   DLOG_MAX_DIRECT_MEMORY    direct memory of servers (default 1g; bookies size their caches from it)
#   DLOG_EXTRA_OPTS           more JVM options, appended last
#   DLOG_EXTRA_CLASSPATH      more classpath entries, appended
#   DLOG_LOG_CONF             a log4j2 configuration file replacing conf/log4j2.xml / conf/log4j2-cli.xml
#   DLOG_LOG_DIR              where servers write their log file (default $DLOG_HOME/logs)
#   DLOG_ROOT_LEVEL           level of dlog's own loggers in servers (default INFO)
#   DLOG_REBUILD=1            (source tree) rebuild the jars before running

dlog_die() {
  echo "dlog: $*" >&2
  exit 1
}

dlog_find_java() {
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    JAVA="$JAVA_HOME/bin/java"
  elif command -v java >/dev/null 2>&1; then
    JAVA="$(command -v java)"
  else
    dlog_die "no Java found: install Java 17 or newer, or set JAVA_HOME (UNAVAILABLE)"
  fi
  local version
  version="$("$JAVA" -version 2>&1 | awk -F'"' '/version/ {print $2; exit}')"
  local major="${version%%.*}"
  if [ -n "$major" ] && [ "$major" -lt 17 ] 2>/dev/null; then
    dlog_die "Java $version at $JAVA is too old: dlog needs Java 17 or newer (set JAVA_HOME)"
  fi
}

# Sets DLOG_CLASSPATH: lib/*.jar in a distribution; in a source tree, the built classes and their
# dependencies (target/classpath.txt), building them once if missing.
dlog_classpath() {
  if ls "$DLOG_HOME"/lib/*.jar >/dev/null 2>&1; then
    DLOG_CLASSPATH="$DLOG_HOME/lib/*"
  else
    local target="$DLOG_HOME/dl-tools/target"
    if [ "${DLOG_REBUILD:-0}" = "1" ] || [ ! -f "$target/classpath.txt" ] || [ ! -d "$target/classes/io" ]; then
      dlog_build
    fi
    DLOG_CLASSPATH="$target/classes:$(cat "$target/classpath.txt")"
  fi
  if [ -n "${DLOG_EXTRA_CLASSPATH:-}" ]; then
    DLOG_CLASSPATH="$DLOG_CLASSPATH:$DLOG_EXTRA_CLASSPATH"
  fi
}

dlog_build() {
  command -v mvn >/dev/null 2>&1 || dlog_die "no jars under $DLOG_HOME/lib and no mvn to build them: install Maven, or use the binary tarball"
  echo "dlog: building (first run): mvn -q -B -DskipTests install -pl dl-tools -am ..." >&2
  # Some Maven builds (Debian's 3.8) print ANSI colour resets even in batch mode: strip every escape sequence,
  # so a log file or a CI transcript of the first run stays plain text.
  if ! (cd "$DLOG_HOME" && mvn -q -B -Dstyle.color=never -DskipTests install -pl dl-tools -am 2>&1 \
        | sed -e 's/\x1b\[[0-9;]*[A-Za-z]//g' 1>&2; exit "${PIPESTATUS[0]}"); then
    dlog_die "build failed: run 'mvn -B -DskipTests install' in $DLOG_HOME to see why"
  fi
  [ -f "$DLOG_HOME/dl-tools/target/classpath.txt" ] || dlog_die "build did not produce dl-tools/target/classpath.txt"
}

# The flags BookKeeper's own scripts use (DEPENDENCIES.md gotcha 7): Netty direct buffers, journal fadvise,
# the CRC32 digest; IPv4 loopback.
DLOG_JVM_FLAGS="-Dio.netty.tryReflectionSetAccessible=true \
 --add-opens java.base/java.nio=ALL-UNNAMED --add-opens java.base/jdk.internal.misc=ALL-UNNAMED \
 --add-opens java.base/java.io=ALL-UNNAMED --add-opens java.base/java.util.zip=ALL-UNNAMED \
 -Djava.net.preferIPv4Stack=true"

# Sets DLOG_OPTS for a server ($1 = its name, e.g. standalone) or for a command ($1 empty).
dlog_jvm_opts() {
  local server="$1"
  local logconf
  if [ -n "$server" ]; then
    DLOG_OPTS="-Xms256m -Xmx${DLOG_MAX_HEAP_MEMORY:-1g} -XX:MaxDirectMemorySize=${DLOG_MAX_DIRECT_MEMORY:-1g} \
 -XX:+UseG1GC -XX:MaxGCPauseMillis=10"
    logconf="${DLOG_LOG_CONF:-$DLOG_HOME/conf/log4j2.xml}"
    DLOG_OPTS="$DLOG_OPTS -Ddlog.log.dir=${DLOG_LOG_DIR:-$DLOG_HOME/logs} -Ddlog.log.file=dlog-$server.log \
 -Ddlog.root.level=${DLOG_ROOT_LEVEL:-INFO}"
  else
    # Commands are short-lived: small heap, fast start.
    DLOG_OPTS="-Xmx${DLOG_CLI_MAX_HEAP_MEMORY:-512m} -XX:MaxDirectMemorySize=${DLOG_CLI_MAX_DIRECT_MEMORY:-256m} \
 -XX:+UseSerialGC -XX:TieredStopAtLevel=1"
    logconf="${DLOG_LOG_CONF:-$DLOG_HOME/conf/log4j2-cli.xml}"
  fi
  DLOG_OPTS="$DLOG_OPTS $DLOG_JVM_FLAGS -Dlog4j.configurationFile=$logconf -Ddlog.home=$DLOG_HOME ${DLOG_EXTRA_OPTS:-}"
}
