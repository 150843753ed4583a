#!/usr/bin/env bash
# Runs the benchmarks: the module, a bare baseline WAR and the raw driver on one Payara Micro and
# one in-memory store; writes benchmarks/results/latest.json, a timestamped copy and chart.png.
# Arguments go to BenchRun, e.g.: scripts/bench.sh --patients 10000 --grow-to 100000
# Takes about 15 minutes with the defaults (10k patients, concurrency 1, 8 and 32, 20 s each).
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q install -DskipTests -pl benchmarks -am
exec mvn -q -Pbench -DskipTests -pl benchmarks verify -Dbench.args="${*:---patients 10000}"
