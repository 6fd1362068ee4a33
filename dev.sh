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
exec "$JAVA_HOME/bin/java" -Xmx1500m -XX:+UseSerialGC \
  -Dlog4j.provider=org.apache.logging.log4j.core.impl.Log4jProvider \
  -jar dev-launcher/target/dev-launcher-run.jar ${args[@]+"${args[@]}"}
