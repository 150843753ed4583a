#!/usr/bin/env bash
# Starts PHI Records for development: both WARs on Payara Micro, the embedded MongoDB-wire store
# persisted under ./data, a demo tenant with demo users; prints tokens and example calls.
# Set RECORDS_MONGODB_URI to use a real MongoDB instead. Ctrl-C stops it; data survives restarts.
set -euo pipefail
cd "$(dirname "$0")"
exec mvn -q -Pstart -DskipTests -pl records-dev -am verify "$@"
