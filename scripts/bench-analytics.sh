#!/usr/bin/env bash
# The analytics benchmark (ADR 45): a count of entries by code and by month over N facts (default
# 1,000,000), seeded in bulk straight into the projection (development wiring), asked through the
# API of the module on Payara Micro; prints and writes to
# benchmarks/results/analytics-<N>-<commit>-<date>.json the time per query and the store commands
# it cost. Arguments go to AnalyticsBench, e.g.:
#   scripts/bench-analytics.sh --entries 20000 --runs 3 --note "shared machine"
#   scripts/bench-analytics.sh --mongodb-uri mongodb://127.0.0.1:27017   # a real MongoDB
# On a shared build machine wrap it in the build lock: flock /tmp/mvn.lock scripts/bench-analytics.sh
set -euo pipefail
cd "$(dirname "$0")/.."
commit=$(git rev-parse --short HEAD)
exec mvn -o -q -B -Pbench-analytics -DskipTests -pl benchmarks -am verify \
  -Dbench.analytics.args="--commit $commit ${*:---entries 1000000}"
