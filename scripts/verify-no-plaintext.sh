#!/usr/bin/env bash
# Looks at what the running development store really holds, as an operator would: reads the demo
# patients and their clinical entries through the API (plaintext, as a physician), then scans
# every document of every collection of every database with mongosh (no keys) for any of those
# identifiers and free-text values (codes, dates and ids are stored in the clear by design).
# Exits 1 if any plaintext value is found. Needs ./start.sh running, curl, Node.js and npm
# (mongosh is fetched from the npm registry on first use).
set -euo pipefail
cd "$(dirname "$0")/.."
ENV_FILE=${1:-data/demo.env}
[ -f "$ENV_FILE" ] || { echo "no $ENV_FILE: start the module with ./start.sh first" >&2; exit 2; }
# shellcheck disable=SC1090
source "$ENV_FILE"

values=$(mktemp)
trap 'rm -f "$values"' EXIT
for id in $PATIENT_IDS; do
  curl -sf -H "Authorization: Bearer $PHYSICIAN" "$API/patients/$id"
  echo
  curl -sf -H "Authorization: Bearer $PHYSICIAN" "$API/patients/$id/entries"
  echo
done | node -e '
  const lines = require("fs").readFileSync(0, "utf8").split("\n").filter(Boolean);
  const out = new Set();
  const skip = new Set(["id", "version", "sex", "updatedAt", "country", "state", "city", "postalCode",
    "patientId", "type", "system", "code", "effectiveDate", "recordedBy", "recordedAt",
    "acceptedAmendment", "amendments"]);
  const walk = (o) => { for (const [k, v] of Object.entries(o)) {
    if (skip.has(k)) continue;
    if (v && typeof v === "object") walk(v); else if (String(v).length >= 4) out.add(String(v)); } };
  lines.forEach((l) => walk(JSON.parse(l)));
  console.log(JSON.stringify([...out]));' > "$values"
echo "Plaintext values of $(wc -w <<< "$PATIENT_IDS") demo patients and their entries: $(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1])).length)' "$values")"

npx --yes mongosh@1 --quiet "$STORE_URI" --eval "
  const needles = $(cat "$values");
  let docs = 0, hits = 0;
  for (const name of db.getMongo().getDBNames()) {
    const d = db.getSiblingDB(name);
    for (const coll of d.getCollectionNames()) {
      d.getCollection(coll).find().forEach((doc) => {
        docs++;
        const text = EJSON.stringify(doc);
        for (const n of needles) if (text.includes(n)) { hits++; print('PLAINTEXT in ' + name + '.' + coll + ': a value of length ' + n.length); }
      });
      for (const ix of d.getCollection(coll).getIndexes()) {
        const text = JSON.stringify(ix);
        for (const n of needles) if (text.includes(n)) { hits++; print('PLAINTEXT in an index of ' + name + '.' + coll); }
      }
    }
  }
  print('Scanned ' + docs + ' documents: ' + (hits === 0 ? 'no plaintext value found' : hits + ' plaintext hits'));
  if (hits > 0) quit(1);
"
