#!/usr/bin/env bash
# Prints what reading one patient's entries costs on the embedded store through a tenant-scoped
# handle, against the old filter order and an unscoped query, measured in one run.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q install -DskipTests -pl records-api,records-impl -am
mvn -q test-compile exec:java -pl records-impl -Dexec.classpathScope=test \
  -Dexec.mainClass=org.phirecords.internal.store.ScopedScanBenchmark 2>&1 | grep -v "SLF4J"
