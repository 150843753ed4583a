#!/usr/bin/env bash
# Prints the cost of the hash-chained audit trail against plain inserts, measured in one run.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q install -DskipTests -pl records-api,records-impl -am
mvn -q test-compile exec:java -pl records-impl -Dexec.classpathScope=test \
  -Dexec.mainClass=org.phirecords.internal.audit.chain.AuditChainBenchmark 2>&1 | grep -v "SLF4J"
