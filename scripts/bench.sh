#!/usr/bin/env bash
# Runs the benchmarks: the module, a bare baseline WAR and the raw driver on one Payara Micro and
# one in-memory store; writes benchmarks/results/latest.json, a timestamped copy and chart.png.
# Arguments go to BenchRun, e.g.: scripts/bench.sh --patients 10000 --seconds 10 --warmup 3
# Defaults: 10k patients through the API, concurrency 1, 8 and 32 (20 s each), then lookups again
# after bulk-loading to 1,000,000 patients (--bulk-to 0 skips it). The in-memory store lives in the
# load driver's JVM (-Xmx12g, property bench.heap): allow about 16 GB of RAM for the million.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q install -DskipTests -pl benchmarks -am
exec mvn -q -Pbench -DskipTests -pl benchmarks verify -Dbench.args="${*:---patients 10000}"
