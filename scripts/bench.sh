#!/usr/bin/env bash
# Runs the benchmarks: the module, a bare baseline WAR and the raw driver on one Payara Micro and
# one in-memory store; writes benchmarks/results/latest.json, a timestamped copy and chart.png.
# Arguments go to BenchRun, e.g.: scripts/bench.sh --patients 10000 --seconds 10 --warmup 3
# Defaults: 10k patients through the API, concurrency 1, 8 and 32 (20 s each), then lookups again
# after bulk-loading to 1,000,000 patients through the module's Java API in batches (ADR 34;
# --bulk-to 0 skips it). The in-memory store lives in the load driver's JVM (-Xmx12g, property
# bench.heap): allow about 16 GB of RAM for the million.
# --peer hapi also measures HAPI FHIR's JPA server side by side (ADR 33): it builds the peer module
# under the profile peer, which resolves HAPI's JPA server from Maven Central on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
peer=()
case " $* " in
  *" --peer "*) peer=(-Ppeer) ;;
esac
mvn -q install -DskipTests "${peer[@]}" -pl benchmarks -am
exec mvn -q -Pbench "${peer[@]}" -DskipTests -pl benchmarks verify -Dbench.args="${*:---patients 10000}"
