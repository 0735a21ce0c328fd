import {
  ForbiddenError,
  cityDate,
  lazyConnection,
  lazyConnectionResolvers,
  ownersViewIf,
  pageWithCursor,
  type Caller,
} from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { EnterprisesContext } from '../context.js';
import type {
  DbEnterpriseRow,
  DbFilingRow,
  DbRegistrationRow,
  FilingCountsRow,
} from '../repositories/rows.js';
import { isLegalRepresentative, maySeeRegistrations, partyOf } from '../rules/access-rules.js';
import { addMonths, monthOf } from '../rules/indicator-months.js';
import { normaliseCode } from '../rules/registration-codes.js';
import { registrantResolvers } from './registrants.js';
import { qrText, renderQrCode } from './qr-code.js';

const ACTIVE = new Set(['OPEN', 'SUBMITTED']);

function requireFilingAccess(caller: Caller, enterprise: DbEnterpriseRow): void {
  if (!maySeeRegistrations(caller, partyOf(enterprise)))
    throw new ForbiddenError(
      "Only the enterprise's legal representative and officials of its street may see its filings and employees.",
    );
}

/**
 * Employees' rows of a filing are shown to its enterprise's representative and to officials of its
 * street. Answers whether the caller is the representative: the owner, who sees them whole.
 */
async function requireRegistrationAccess(
  filing: DbFilingRow,
  { loaders, caller }: EnterprisesContext,
): Promise<boolean> {
  const enterprise = await loaders.enterpriseByCode.load(filing.creditCode);
  if (!enterprise) throw new ForbiddenError('The filing has no enterprise on record.');
  requireFilingAccess(caller, enterprise);
  return isLegalRepresentative(caller, partyOf(enterprise));
}

function firstMonthOfLast12(): string {
  return addMonths(monthOf(cityDate()), -11);
}

export const filingResolvers: Resolvers = {
  Query: {
    filing: (_parent, { code }, { loaders }) =>
      loaders.filingByCode.load(normaliseCode('code', code)),
    filingInvitation: async (_parent, { code }, { loaders }) => {
      const filing = await loaders.filingByCode.load(normaliseCode('code', code));
      const enterprise = filing && (await loaders.enterpriseByCode.load(filing.creditCode));
      return filing && enterprise
        ? {
            code: filing.code,
            enterpriseName: enterprise.name,
            acceptingRegistrations: filing.status === 'OPEN',
          }
        : null;
    },
  },
  Mutation: {
    openFiling: (_parent, { creditCode }, { filingManager }) => filingManager.open(creditCode),
    registerForFiling: (_parent, { code, registrant }, { filingManager }) =>
      filingManager.register(code, registrant),
    decideRegistrations: (_parent, args, { filingManager }) =>
      filingManager.decide(
        args.filingCode,
        args.registrationIds,
        args.allPending,
        args.decision,
        args.reason,
      ),
    submitFiling: (_parent, { filingCode }, { filingManager }) => filingManager.submit(filingCode),
    reviewFiling: (_parent, { filingCode, decision, reason }, { filingManager }) =>
      filingManager.review(filingCode, decision, reason),
  },
  Enterprise: {
    // A filing's code lets anyone register on it: only those who may see its employees see its filings.
    filings: (enterprise, _args, { loaders, caller }) => {
      requireFilingAccess(caller, enterprise);
      return loaders.filingsByEnterprise.load(enterprise.creditCode);
    },
    currentFiling: async (enterprise, _args, { loaders, caller }) => {
      requireFilingAccess(caller, enterprise);
      return (
        (await loaders.filingsByEnterprise.load(enterprise.creditCode)).find((filing) =>
          ACTIVE.has(filing.status),
        ) ?? null
      );
    },
    filingCounts: async ({ creditCode }, _args, { loaders }) =>
      countsOf(await loaders.filingCountsByEnterprise.load(creditCode)),
    creditFacts: async ({ creditCode }, _args, { loaders }) => {
      const [counts, warnings] = await Promise.all([
        loaders.filingCountsByEnterprise.load(creditCode),
        loaders.warningCountSince.load({ creditCode, since: firstMonthOfLast12() }),
      ]);
      return {
        filingsApproved: counts.approved,
        filingsRejected: counts.rejected,
        filingsPending: counts.open + counts.submitted,
        warningsLast12Months: warnings,
      };
    },
  },
  Street: {
    resumption: async ({ code }, _args, { loaders }) => {
      const [enterprises, filings] = await Promise.all([
        loaders.enterpriseCountsByStreet.load(code),
        loaders.filingCountsByStreet.load(code),
      ]);
      const operating = enterprises.operating;
      const resumed = filings.resumedEnterprises;
      return {
        operatingEnterprises: operating,
        resumedEnterprises: resumed,
        resumptionRate: operating === 0 ? 0 : Math.min(1, resumed / operating),
        filings: countsOf(filings),
      };
    },
  },
  Filing: {
    id: (row) => String(row.id),
    enterprise: async ({ creditCode }, _args, { loaders }) =>
      (await loaders.enterpriseByCode.load(creditCode))!,
    qrCode: (row, { format, linkBase }) =>
      renderQrCode(qrText(row.code, linkBase), format ?? 'SVG'),
    registrations: async (filing, args, context) => {
      const owner = await requireRegistrationAccess(filing, context);
      const status = args.status ?? null;
      return lazyConnection(
        pageWithCursor(args, /^\d{1,15}$/),
        async ({ limit, afterKey }) =>
          ownersViewIf(
            owner,
            await context.loaders.registrationPage.load({
              filingId: filing.id,
              status,
              limit: limit + 1,
              afterId: afterKey === null ? null : Number(afterKey),
            }),
          ),
        async () => {
          const counts = await context.loaders.registrationCountsByFiling.load(filing.id);
          return status === null
            ? counts.total
            : counts[status.toLowerCase() as 'pending' | 'approved' | 'rejected'];
        },
      );
    },
    registrationCounts: async ({ id, creditCode }, _args, { loaders, caller }) => {
      const [counts, enterprise] = await Promise.all([
        loaders.registrationCountsByFiling.load(id),
        loaders.enterpriseByCode.load(creditCode),
      ]);
      return ownersViewIf(!!enterprise && isLegalRepresentative(caller, partyOf(enterprise)), [
        counts,
      ])[0]!;
    },
    history: async (filing, _args, context) => {
      await requireRegistrationAccess(filing, context);
      return context.loaders.eventsByFiling.load(filing.id);
    },
  },
  RegistrationConnection: lazyConnectionResolvers((row: DbRegistrationRow) => String(row.id)),
  Registration: registrantResolvers,
  FilingEvent: {
    actor: (row) => ({ kind: row.actorKind, id: row.actorId, personId: row.actorPersonId }),
  },
  Actor: {
    person: (actor) => (actor.personId ? { id: actor.personId } : null),
  },
  RegistrationReceipt: {
    registrationId: (receipt) => String(receipt.registrationId),
  },
};

function countsOf({ key: _key, resumedEnterprises: _resumed, ...counts }: FilingCountsRow) {
  return counts;
}
