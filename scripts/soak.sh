#!/usr/bin/env bash
# Soak test (not part of CI): both WARs on Payara Micro (started through LocalModule) over a fresh
# embedded store, driven at a fixed rate (one operation = register a patient, record an entry,
# read both back: 4 requests). Every 10 s it prints requests, errors, latency and Payara's used heap
# after a full GC; at the end the totals and the heap growth. Exits 1 on any error or a growing heap.
#   scripts/soak.sh                 # 10 minutes at 20 operations/s (issue 8)
#   scripts/soak.sh 60 10           # 60 s at 10 operations/s
# MAVEN_FLAGS passes options to both Maven runs, e.g. MAVEN_FLAGS=-o for an offline build.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-600}"
rate="${2:-20}"
# shellcheck disable=SC2086
mvn -q ${MAVEN_FLAGS:-} -DskipTests -pl records-dev -am install
# shellcheck disable=SC2086
exec mvn -q ${MAVEN_FLAGS:-} -pl records-dev exec:java -Dexec.mainClass=org.phirecords.dev.Soak \
  -Dexec.cleanupDaemonThreads=false \
  -Dexec.args="--seconds $seconds --rate $rate --runtime records-dev/target/runtime"
