import { ForbiddenError, requireCreditCode, type Caller, type Database } from '@cityhub/kit';
import { REFUSALS, refuse } from '../refusals.js';
import type { EnterpriseStore } from '../repositories/enterprise-store.js';
import type { FilingStore } from '../repositories/filing-store.js';
import type { DbFilingRow } from '../repositories/rows.js';
import { mayOpenFiling, partyOf } from '../rules/access-rules.js';
import { randomCode } from '../rules/registration-codes.js';

/** The enterprise a caller may open a filing for; refused when unknown, closed or not theirs. */
export async function openableEnterprise(
  enterprises: EnterpriseStore,
  caller: Caller,
  creditCodeArgument: string,
): Promise<{ creditCode: string; streetCode: string }> {
  const creditCode = requireCreditCode('creditCode', creditCodeArgument);
  const [enterprise] = await enterprises.enterprisesByCodes([creditCode]);
  if (!enterprise)
    return refuse(REFUSALS.enterpriseNotFound, `No enterprise has the credit code ${creditCode}.`, {
      creditCode,
    });
  if (!mayOpenFiling(caller, partyOf(enterprise)))
    throw new ForbiddenError(
      'Only the legal representative or an official of its street may open a filing for this enterprise.',
    );
  if (enterprise.status === 'CLOSED')
    return refuse(
      REFUSALS.enterpriseClosed,
      'A closed enterprise cannot file for work resumption.',
      { creditCode },
    );
  return { creditCode, streetCode: enterprise.streetCode };
}

type FilingEvent = Parameters<FilingStore['insertEvent']>[0];

/**
 * Opens the enterprise's filing with a fresh code and its OPENED event, in one transaction;
 * refused when the enterprise already has a filing in progress.
 */
export async function insertNewFiling(
  db: Database,
  filings: FilingStore,
  enterprise: { creditCode: string; streetCode: string },
  openedEvent: (filingId: number) => FilingEvent,
): Promise<DbFilingRow> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await db.transaction(async (trx) => {
        const store = filings.in(trx);
        const filing = await store.insertFiling({
          code: randomCode(),
          ...enterprise,
          status: 'OPEN',
          openedAt: new Date(),
        });
        await store.insertEvent(openedEvent(filing.id));
        return filing;
      });
    } catch (error) {
      const constraint = (error as { constraint?: string }).constraint;
      if (constraint === 'filings_one_active') {
        const [active] = (await filings.filingsByEnterprises([enterprise.creditCode])).filter(
          (f) => f.status === 'OPEN' || f.status === 'SUBMITTED',
        );
        return refuse(
          REFUSALS.filingAlreadyActive,
          'The enterprise already has a filing in progress.',
          { filingStatus: active?.status },
        );
      }
      // Two random 50-bit codes colliding is rare enough that one retry settles it.
      if (constraint !== 'filings_code_unique' || attempt > 0) throw error;
    }
  }
}
