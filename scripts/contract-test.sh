#!/usr/bin/env bash
# Contract test (run by .ci/run after `mvn verify`, not part of `mvn verify`): an independent tool
# drives the published OpenAPI document against the running WARs.
#  1. builds records-dev and starts org.phirecords.dev.ContractTarget: records-web and tenant-admin
#     on Payara Micro in development mode over a fresh embedded store, the demo tenant seeded, a
#     token per role and fixture ids written as a Postman environment;
#  2. fetches the merged document from /openapi;
#  3. installs pinned @apideck/portman and newman from the npm registry into target/contract-test,
#     lets portman turn the document into a Postman collection with contract tests (status,
#     content type, JSON body, JSON schema of the documented response) and variation tests
#     (no token -> 401, unknown ids -> 404, wrong role -> 403; each checked against the documented
#     problem+json response), and runs it with newman;
#  4. prints the summary (requests, assertions, failures, 5xx) and exits 1 on any 5xx or failure.
# Reports in target/contract-test/ (summary.md, newman-report.json, collection.json, openapi.json,
# payara.log). Needs JDK 17, Maven, Node 18+ and npm.
#   scripts/contract-test.sh
# MAVEN_FLAGS passes options to Maven, e.g. MAVEN_FLAGS=-o for an offline build.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"
out="$root/target/contract-test"
tools="$out/tools"
data="$out/run"
PORTMAN_VERSION=1.33.0
NEWMAN_VERSION=6.2.2
# portman 1.33.0 needs tslib at run time but lists it among its development dependencies only.
TSLIB_VERSION=2.8.1

rm -rf "$data" "$out"/*.json "$out"/summary.md
mkdir -p "$data" "$tools"

echo "== building records-dev and the WARs"
# shellcheck disable=SC2086
mvn -q ${MAVEN_FLAGS:-} -DskipTests -pl records-dev -am package dependency:build-classpath \
  -Dmdep.includeScope=runtime -Dmdep.outputFile=target/classpath.txt

echo "== starting the module (log: $data/payara.log)"
java -cp "records-dev/target/classes:$(cat records-dev/target/classpath.txt)" \
  org.phirecords.dev.ContractTarget --data "$data" --runtime records-dev/target/runtime \
  >"$out/target.log" 2>&1 &
target_pid=$!
cleanup() {
  kill "$target_pid" 2>/dev/null || true
  wait "$target_pid" 2>/dev/null || true
  cp "$data/payara.log" "$out/payara.log" 2>/dev/null || true
}
trap cleanup EXIT

echo "== installing @apideck/portman@$PORTMAN_VERSION and newman@$NEWMAN_VERSION"
if [ "$(node -p "try{require('$tools/node_modules/@apideck/portman/package.json').version}catch(e){''}")" != "$PORTMAN_VERSION" ] \
  || [ "$(node -p "try{require('$tools/node_modules/newman/package.json').version}catch(e){''}")" != "$NEWMAN_VERSION" ] \
  || [ ! -d "$tools/node_modules/tslib" ]; then
  npm install --no-audit --no-fund --loglevel=error --prefix "$tools" \
    "@apideck/portman@$PORTMAN_VERSION" "newman@$NEWMAN_VERSION" "tslib@$TSLIB_VERSION" >"$out/npm.log" 2>&1 \
    || { cat "$out/npm.log"; exit 1; }
fi

for _ in $(seq 1 480); do
  [ -f "$data/contract-env.json" ] && break
  if ! kill -0 "$target_pid" 2>/dev/null; then
    echo "the module did not start:"; tail -30 "$out/target.log"; exit 1
  fi
  sleep 1
done
[ -f "$data/contract-env.json" ] || { echo "the module was not ready in 8 minutes"; exit 1; }
cp "$data/contract-env.json" "$out/environment.json"
base=$(node -p "require('$out/environment.json').values.find(v => v.key === 'baseUrl').value")
echo "== module ready at $base"

echo "== fetching $base/openapi"
curl -fsS -H 'Accept: application/json' "$base/openapi" -o "$out/openapi.json"

echo "== portman: OpenAPI document -> Postman collection with contract and variation tests"
# portman goes on without its config when it cannot read it, and the run then tests nothing.
node -e "JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'))" \
  "$root/scripts/contract/portman-config.json" || { echo "scripts/contract/portman-config.json is not JSON"; exit 1; }
(cd "$out" && "$tools/node_modules/.bin/portman" --local "$out/openapi.json" \
  --portmanConfigFile "$root/scripts/contract/portman-config.json" \
  --postmanConfigFile "$root/scripts/contract/postman-config.json" \
  --output "$out/collection.json" --baseUrl "$base" >"$out/portman.log" 2>&1) \
  || { cat "$out/portman.log"; exit 1; }
if grep -q "config file not provided" "$out/portman.log"; then
  cat "$out/portman.log"; echo "portman did not load scripts/contract/portman-config.json"; exit 1
fi

echo "== newman: running the collection"
set +e
"$tools/node_modules/.bin/newman" run "$out/collection.json" -e "$out/environment.json" \
  --ignore-redirects --timeout-request 60000 --color off \
  --reporters cli,json --reporter-json-export "$out/newman-report.json" >"$out/newman.log" 2>&1
set -e
tail -40 "$out/newman.log"
echo
node "$root/scripts/contract/summary.js" "$out/newman-report.json" "$out/summary.md"
