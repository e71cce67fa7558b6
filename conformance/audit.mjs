// Runs the graphql-http server audits against the GraphQL endpoint given as the first argument
// and exits non-zero when any MUST audit fails. SHOULD and MAY results are printed, not fatal.
import { serverAudits } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs http://127.0.0.1:8080/graphql');
  process.exit(2);
}
const audits = serverAudits({ url, fetchFn: fetch });
let failedMust = 0;
const counts = { ok: 0, warn: 0, error: 0 };
for (const audit of audits) {
  const result = await audit.fn();
  counts[result.status]++;
  const level = audit.name.split(' ')[0];
  if (result.status !== 'ok') {
    console.log(`${result.status.toUpperCase()} ${audit.id} ${audit.name}: ${result.reason}`);
    if (result.status === 'error' && level === 'MUST') failedMust++;
  }
}
console.log(`graphql-http audit: ${counts.ok} ok, ${counts.warn} warnings, ${counts.error} errors (${failedMust} failed MUST)`);
process.exit(failedMust > 0 ? 1 : 0);
