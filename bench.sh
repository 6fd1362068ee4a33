#!/usr/bin/env bash
# Benchmarks (not tests): prints figures beside the raw baselines of the same servers.
#   ./bench.sh [chat|files] [--seconds=10]
set -euo pipefail
cd "$(dirname "$0")"
. scripts/jdk.sh
./mvnw -q -B -DskipTests install -pl bench -am
exec "$JAVA_HOME/bin/java" -Xmx1g -jar bench/target/bench.jar "$@"
