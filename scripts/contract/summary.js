// Reads newman's JSON report; prints and writes the summary (requests, assertions, failures, 5xx)
// and exits 1 on any failed assertion, any 5xx answer or any request that got no answer.
//   node summary.js <newman-report.json> <summary.md>
'use strict';
const fs = require('fs');
const [reportFile, summaryFile] = process.argv.slice(2);
const run = JSON.parse(fs.readFileSync(reportFile, 'utf8')).run;
const executions = run.executions || [];
const fivexx = executions.filter((e) => e.response && e.response.code >= 500);
const unanswered = executions.filter((e) => !e.response);
const statuses = {};
for (const e of executions) {
  const code = e.response ? e.response.code : 'none';
  statuses[code] = (statuses[code] || 0) + 1;
}
const failures = [];
for (const e of executions) {
  for (const a of e.assertions || []) {
    if (a.error) {
      failures.push(`${e.item.name}: ${a.assertion}: ${a.error.message}`);
    }
  }
}
for (const f of run.failures || []) {
  if (f.error && f.error.name !== 'AssertionError') {
    failures.push(`${f.source ? f.source.name : '?'}: ${f.error.name}: ${f.error.message}`);
  }
}
const kinds = {
  NoToken: 'no token',
  RoleWithoutPermission: 'a role without the permission',
  UnknownId: 'unknown ids',
  InvalidBundle: 'an invalid FHIR Bundle',
};
const byKind = {};
for (const e of executions) {
  const m = /\[(\w+)\]$/.exec(e.item.name);
  const kind = m && kinds[m[1]] ? kinds[m[1]] : 'every operation, its role and example body';
  const k = (byKind[kind] = byKind[kind] || { requests: 0, assertions: 0, failed: 0, codes: {} });
  k.requests++;
  k.assertions += (e.assertions || []).length;
  k.failed += (e.assertions || []).filter((a) => a.error).length;
  const code = e.response ? e.response.code : 'none';
  k.codes[code] = (k.codes[code] || 0) + 1;
}
const stats = run.stats;
// A collection without portman's tests still sends its requests: every kind of case must have run,
// each request with assertions, or the run proves nothing (a config portman could not read).
const untested = executions.filter((e) => (e.assertions || []).length === 0);
const missingKinds = Object.values(kinds).filter((kind) => !byKind[kind]);
for (const e of untested) {
  failures.push(`${e.item.name}: no assertion ran`);
}
for (const kind of missingKinds) {
  failures.push(`no request of the kind "${kind}" ran: is the portman config loaded?`);
}
const lines = [
  '# Contract test (portman + newman against the published OpenAPI document)',
  '',
  `- requests: ${stats.requests.total} (failed to send: ${stats.requests.failed})`,
  `- assertions: ${stats.assertions.total} (failed: ${stats.assertions.failed})`,
  `- status codes: ${Object.entries(statuses).map(([k, v]) => `${k} ×${v}`).join(', ')}`,
  `- 5xx answers: ${fivexx.length}`,
  `- failures: ${failures.length}`,
  '',
  '| requests | cases | assertions | failed | status codes |',
  '|---|---:|---:|---:|---|',
  ...Object.entries(byKind).map(
    ([kind, k]) =>
      `| ${kind} | ${k.requests} | ${k.assertions} | ${k.failed} | ` +
      `${Object.entries(k.codes).map(([c, n]) => `${c} ×${n}`).join(', ')} |`,
  ),
  '',
  ...failures.map((f) => `  - ${f}`),
  ...fivexx.map((e) => `  - 5xx: ${e.item.name}: ${e.response.code}`),
  '',
];
fs.writeFileSync(summaryFile, lines.join('\n'));
console.log(lines.join('\n'));
const ok =
  failures.length === 0 &&
  fivexx.length === 0 &&
  unanswered.length === 0 &&
  stats.assertions.failed === 0 &&
  stats.requests.failed === 0 &&
  stats.requests.total > 0;
console.log(ok ? 'CONTRACT TEST PASSED' : 'CONTRACT TEST FAILED');
process.exit(ok ? 0 : 1);
