import { createLogger, type PersonalDataRead } from '@cityhub/kit';
import type { InProcessHub } from '@cityhub/launcher';
import { afterAll, beforeAll } from 'vitest';
import { testDatabase } from '../../support/database.js';
import { startTestHub } from '../../support/hub.js';

export const logger = createLogger('audit-test', 'silent');
export const audit = testDatabase('audit');
export const transport = testDatabase('transport');
export let hub: InProcessHub;
beforeAll(async () => {
  hub = await startTestHub();
}, 60_000);
afterAll(async () => {
  await hub?.stop();
  await audit.destroy();
  await transport.destroy();
});

export const recordsOf = (callerId: string) =>
  audit('personal_data_reads').where({ caller_id: callerId }).orderBy('id');

export function row(callerId: string, overrides: Partial<PersonalDataRead> = {}): PersonalDataRead {
  return {
    read_at: new Date(),
    caller_kind: 'user',
    caller_id: callerId,
    department: 'test',
    purpose: 'audit-review',
    purpose_note: null,
    operation: null,
    subgraph: 'population',
    person_id: null,
    fields: ['Person.name'],
    access: 'unmasked',
    document_sha256: null,
    ...overrides,
  };
}
