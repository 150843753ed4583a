#!/usr/bin/env bash
# The bulk import benchmark (ADR 40): N synthetic patients with 5 entries each (Datafaker NDJSON),
# imported by the records-dev import command into the module on Payara Micro over an in-memory
# store, as start.sh runs it; prints patients/s, entries/s, wall time and store commands per
# resource, and writes benchmarks/results/import-<N>x5-<commit>-<date>.json.
# Arguments go to ImportBench, e.g.: scripts/bench-import.sh --patients 2000 --note "shared machine"
# On a shared build machine wrap it in the build lock: flock /tmp/mvn.lock scripts/bench-import.sh
set -euo pipefail
cd "$(dirname "$0")/.."
commit=$(git rev-parse --short HEAD)
exec mvn -o -q -B -Pbench-import -DskipTests -pl benchmarks -am verify \
  -Dbench.import.args="--commit $commit ${*:---patients 2000}"
