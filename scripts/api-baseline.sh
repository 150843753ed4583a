#!/usr/bin/env bash
# Cuts the compatibility baseline of records-api (ADR 51): builds records-api from a released commit
# under the release's version and keeps the jar as records-api/compat/records-api-<version>.jar,
# with its SHA-256 beside it. The build's japicmp check compares against that jar. Run it once per
# release, commit the two files, and set records-api's api.baseline.version to <version>, e.g.:
#   scripts/api-baseline.sh 08b8137 1.0.0
# On a shared build machine wrap it in the build lock: flock /tmp/mvn.lock scripts/api-baseline.sh ...
set -euo pipefail
cd "$(dirname "$0")/.."
commit=${1:?released commit}
version=${2:?release version, x.y.z}
[[ $version =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || { echo "not a release version: $version" >&2; exit 2; }
work=target/api-baseline/$version
rm -rf "$work" && mkdir -p "$work"
git archive "$commit" pom.xml records-api | tar -x -C "$work"
# The release's version: the parent's own and records-api's reference to it.
sed -i "0,/<version>[^<]*-SNAPSHOT<\/version>/s//<version>$version<\/version>/" \
  "$work/pom.xml" "$work/records-api/pom.xml"
# records-api alone: Maven finds its parent at ../pom.xml, nothing is installed.
mvn -o -q -B -f "$work/records-api/pom.xml" package -DskipTests -Dspotless.check.skip=true \
  -Dmaven.javadoc.skip=true -Dmaven.source.skip=true -Djapicmp.skip=true
mkdir -p records-api/compat
cp "$work/records-api/target/records-api-$version.jar" "records-api/compat/records-api-$version.jar"
(cd records-api/compat && sha256sum "records-api-$version.jar" > "records-api-$version.jar.sha256")
echo "records-api/compat/records-api-$version.jar from $(git rev-parse --short "$commit")"
