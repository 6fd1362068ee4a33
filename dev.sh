#!/usr/bin/env bash
# Builds and starts the whole system on embedded real servers: Kafka, PostgreSQL, Elasticsearch,
# S3, SMTP, every service, a demo project, printed tokens. Ctrl-C stops it; data stays in .data/.
#   ./dev.sh            build (skipping tests) and run
#   ./dev.sh --wipe     start from empty data
#   ./dev.sh --no-build run what was built last
set -euo pipefail
cd "$(dirname "$0")"
. scripts/jdk.sh

build=1
args=()
for arg in "$@"; do
  if [ "$arg" = "--no-build" ]; then build=0; else args+=("$arg"); fi
done
if [ "$build" = 1 ]; then
  echo "Building with $JAVA_HOME ..."
  ./mvnw -q -B -DskipTests install
fi
launcher=("$JAVA_HOME/bin/java" -Xmx1500m -XX:+UseSerialGC
  -Dlog4j.provider=org.apache.logging.log4j.core.impl.Log4jProvider
  -jar dev-launcher/target/dev-launcher-run.jar ${args[@]+"${args[@]}"})
if ! command -v setsid >/dev/null; then
  exec "${launcher[@]}"
fi
# Ctrl-C signals the terminal's whole foreground process group. Were the servers and services in it, PostgreSQL and
# Kafka would stop at the same moment as the services still writing to them. In a session of its own, the launcher
# gets only what this script forwards, and stops the services first, then the servers.
setsid "${launcher[@]}" &
pid=$!
stop() { signalled=$1; kill -TERM "$pid" 2>/dev/null; }
trap 'stop 130' INT
trap 'stop 143' TERM
trap 'stop 129' HUP
while kill -0 "$pid" 2>/dev/null; do
  wait "$pid" || true # a trapped signal ends the wait early
done
status=0
wait "$pid" || status=$? # the shell keeps the launcher's exit status
exit "${signalled:-$status}" # stopped by a signal: the shell's usual 128 + its number
