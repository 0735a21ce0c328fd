import { creditFacts, siteScreenings } from '../gateway/credit-inputs.js';
import type { GatewayClient } from '../gateway/gateway-client.js';
import type { CreditStore } from '../repositories/credit-store.js';
import type { DbRiskRunRow, SourceStatus } from '../repositories/rows.js';
import { creditOf, type EnterpriseFacts } from './credit-rules.js';
import { readOptional } from './run-inputs.js';

/**
 * Credit (守信通) from the facts the hub holds, as part of a run: every enterprise's profile is
 * saved with the sources it rests on; skipped, and said so, when no source answers.
 */
export async function scoreCredit(
  client: GatewayClient,
  credit: CreditStore,
  run: DbRiskRunRow,
  sources: SourceStatus[],
): Promise<void> {
  const facts = new Map<string, EnterpriseFacts>();
  const creditSources: SourceStatus[] = [];
  await readOptional(
    creditSources,
    'enterprises',
    async () => ({ counts: null, records: await creditFacts(client, facts) }),
    'filing and warning facts',
  );
  await readOptional(
    creditSources,
    'sites:screenings',
    async () => ({ counts: null, records: await siteScreenings(client, facts) }),
    'screening outcomes on enterprise sites',
  );
  sources.push(...creditSources);
  if (facts.size === 0) return;
  const rows = [...facts].map(([creditCode, enterpriseFacts]) => ({
    creditCode,
    ...creditOf(enterpriseFacts),
    sources: creditSources,
    runId: run.id,
  }));
  await credit.save(rows);
}
