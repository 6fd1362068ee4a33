#!/usr/bin/env bash
# Benchmarks (not tests): prints figures beside the raw baselines of the same servers.
#   ./bench.sh [chat|files|search|notifications|escalations] [--seconds=10] [--messages=1000000] [--sizes=1,25]
set -euo pipefail
cd "$(dirname "$0")"
. scripts/jdk.sh
./mvnw -q -B -DskipTests install -pl bench -am
exec "$JAVA_HOME/bin/java" -Xmx2g -Dlog4j.provider=org.apache.logging.log4j.core.impl.Log4jProvider -jar bench/target/bench.jar "$@"
