#!/usr/bin/env bash
# Runs every test against real embedded servers (no Docker): ./test.sh [extra Maven arguments]
set -euo pipefail
cd "$(dirname "$0")"
. scripts/jdk.sh
exec ./mvnw -B verify "$@"
