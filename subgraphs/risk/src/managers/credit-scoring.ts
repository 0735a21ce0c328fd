import { creditFacts, screeningsByContractor } from '../gateway/credit-inputs.js';
import type { GatewayClient } from '../gateway/gateway-client.js';
import type { CreditStore } from '../repositories/credit-store.js';
import type { DbRiskRunRow, SourceStatus } from '../repositories/rows.js';
import { creditOf, type EnterpriseFacts } from './credit-rules.js';
import { readOptional } from './run-inputs.js';

const NO_SCREENINGS = { open: 0, verified: 0, cleared: 0 };

/** Every enterprise's facts, with the statuses of the departments they came from. */
export interface GatheredCredit {
  facts: Map<string, EnterpriseFacts>;
  sources: SourceStatus[];
}

/**
 * The facts credit (守信通) rests on, from enterprises, then sites. An enterprise that is no site's contractor has no
 * screenings (zero of each) when sites answered, unknown ones when it did not.
 */
export async function gatherCredit(client: GatewayClient): Promise<GatheredCredit> {
  const facts = new Map<string, EnterpriseFacts>();
  const enterpriseSource: SourceStatus[] = [];
  const siteSource: SourceStatus[] = [];
  await readOptional(
    enterpriseSource,
    'enterprises',
    async () => ({ counts: null, records: await creditFacts(client, facts) }),
    'filing and warning facts',
  );
  const screenings = await readOptional(
    siteSource,
    'sites:screenings',
    () => screeningsByContractor(client),
    'screening outcomes on enterprise sites',
  );
  if (screenings)
    for (const [creditCode, entry] of facts)
      entry.screenings = { ...(screenings.get(creditCode) ?? NO_SCREENINGS) };
  return { facts, sources: [...enterpriseSource, ...siteSource] };
}

/**
 * Every enterprise's profile saved with the sources it rests on, as part of a run; skipped, and
 * said so in the sources, when no source answered.
 */
export async function saveCredit(
  credit: CreditStore,
  run: DbRiskRunRow,
  { facts, sources }: GatheredCredit,
): Promise<void> {
  if (facts.size === 0) return;
  const rows = [...facts].map(([creditCode, enterpriseFacts]) => ({
    creditCode,
    ...creditOf(enterpriseFacts),
  }));
  await credit.save(rows, sources, run.id);
}
