import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { API_SCHEMA_FILE } from './api-schema.js';
import {
  ACCEPTED_CHANGES_FILE,
  RELEASED_API_SCHEMA_FILE,
  checkContract,
  describeContractFailure,
  readAcceptedChanges,
} from './contract.js';

// `npm run schema:check`: the API schema against the last release, as npm test checks it.
// `npm run schema:release`: the API schema becomes the released one; declared changes are spent.
const command = process.argv[2];
if (command === 'release') {
  copyFileSync(API_SCHEMA_FILE, RELEASED_API_SCHEMA_FILE);
  writeFileSync(ACCEPTED_CHANGES_FILE, '{\n  "accepted": []\n}\n');
  process.stdout.write('Released schema/api-schema.graphql; record it in schema/CHANGELOG.md.\n');
} else {
  const report = await checkContract(
    readFileSync(RELEASED_API_SCHEMA_FILE, 'utf8'),
    readFileSync(API_SCHEMA_FILE, 'utf8'),
    readAcceptedChanges(),
  );
  for (const change of [...report.accepted, ...report.dangerous, ...report.safe])
    process.stdout.write(`${change.criticality.level} ${change.path ?? ''}: ${change.message}\n`);
  const failure = describeContractFailure(report);
  if (failure) {
    process.stderr.write(`${failure}\n`);
    process.exit(1);
  }
  process.stdout.write('No undeclared breaking change against the last release.\n');
}
