import { ForbiddenError, cityDate, type Caller } from '@cityhub/kit';
import type { Resolvers } from '../__generated__/resolvers-types.js';
import type { EnterprisesContext } from '../context.js';
import { maySeeRegistrations } from '../managers/access-rules.js';
import { normaliseCode } from '../managers/codes.js';
import { partyOf } from '../managers/filing-manager.js';
import { addMonths, monthOf } from '../managers/indicator-manager.js';
import type { DbEnterpriseRow, DbFilingRow, DbRegistrationRow } from '../repositories/rows.js';
import { lazyConnectionResolvers, once, pageWithCursor } from '@cityhub/kit';
import { qrText, renderQrCode } from './qr-code.js';

const ACTIVE = new Set(['OPEN', 'SUBMITTED']);

function requireFilingAccess(caller: Caller, enterprise: DbEnterpriseRow): void {
  if (!maySeeRegistrations(caller, partyOf(enterprise)))
    throw new ForbiddenError(
      "Only the enterprise's legal representative and officials of its street may see its filings and employees.",
    );
}

/** Employees' rows of a filing are shown to its enterprise's representative and to officials of its street. */
async function requireRegistrationAccess(
  filing: DbFilingRow,
  { loaders, caller }: EnterprisesContext,
): Promise<void> {
  const enterprise = await loaders.enterpriseByCode.load(filing.credit_code);
  if (!enterprise) throw new ForbiddenError('The filing has no enterprise on record.');
  requireFilingAccess(caller, enterprise);
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
      const enterprise = filing && (await loaders.enterpriseByCode.load(filing.credit_code));
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
      return loaders.filingsByEnterprise.load(enterprise.credit_code);
    },
    currentFiling: async (enterprise, _args, { loaders, caller }) => {
      requireFilingAccess(caller, enterprise);
      return (
        (await loaders.filingsByEnterprise.load(enterprise.credit_code)).find((filing) =>
          ACTIVE.has(filing.status),
        ) ?? null
      );
    },
    filingCounts: async ({ credit_code }, _args, { loaders }) =>
      countsOf(await loaders.filingCountsByEnterprise.load(credit_code)),
    creditFacts: async ({ credit_code }, _args, { loaders }) => {
      const [counts, warnings] = await Promise.all([
        loaders.filingCountsByEnterprise.load(credit_code),
        loaders.warningCountSince.load({ creditCode: credit_code, since: firstMonthOfLast12() }),
      ]);
      return {
        filingsApproved: Number(counts.approved),
        filingsRejected: Number(counts.rejected),
        filingsPending: Number(counts.open) + Number(counts.submitted),
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
      const operating = Number(enterprises.operating);
      const resumed = Number(filings.resumed_enterprises);
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
    enterprise: async ({ credit_code }, _args, { loaders }) =>
      (await loaders.enterpriseByCode.load(credit_code))!,
    openedAt: (row) => row.opened_at,
    submittedAt: (row) => row.submitted_at,
    reviewedAt: (row) => row.reviewed_at,
    reviewReason: (row) => row.review_reason,
    qrCode: (row, { format, linkBase }) =>
      renderQrCode(qrText(row.code, linkBase), format ?? 'SVG'),
    registrations: async (filing, args, context) => {
      await requireRegistrationAccess(filing, context);
      const page = pageWithCursor(args, /^\d{1,15}$/);
      const status = args.status ?? null;
      const key = {
        filingId: Number(filing.id),
        status,
        limit: page.limit + 1,
        afterId: page.afterKey === null ? null : Number(page.afterKey),
      };
      return {
        ...page,
        rows: once(() => context.loaders.registrationPage.load(key)),
        total: once(async () => {
          const counts = await context.loaders.registrationCountsByFiling.load(Number(filing.id));
          return Number(
            status === null
              ? counts.total
              : counts[status.toLowerCase() as 'pending' | 'approved' | 'rejected'],
          );
        }),
      };
    },
    registrationCounts: ({ id }, _args, { loaders }) =>
      loaders.registrationCountsByFiling.load(Number(id)),
    history: async (filing, _args, context) => {
      await requireRegistrationAccess(filing, context);
      return context.loaders.eventsByFiling.load(Number(filing.id));
    },
  },
  RegistrationConnection: lazyConnectionResolvers((row: DbRegistrationRow) => String(row.id)),
  Registration: {
    id: (row) => String(row.id),
    person: (row) => ({ id: row.person_id }),
    idNumber: (row) => row.id_number,
    originCode: (row) => row.origin_code,
    arrivedOn: (row) => row.arrived_on,
    registeredAt: (row) => row.registered_at,
    decidedAt: (row) => row.decided_at,
    decisionReason: (row) => row.decision_reason,
  },
  FilingEvent: {
    actor: (row) => ({ kind: row.actor_kind, id: row.actor_id, personId: row.actor_person_id }),
    registrationCount: (row) => row.registration_count,
  },
  Actor: {
    person: (actor) => (actor.personId ? { id: actor.personId } : null),
  },
  RegistrationReceipt: {
    registrationId: (receipt) => String(receipt.registrationId),
  },
};

function countsOf(row: {
  open: number;
  submitted: number;
  approved: number;
  rejected: number;
  registrations_pending: number;
  registrations_approved: number;
}) {
  return {
    open: Number(row.open),
    submitted: Number(row.submitted),
    approved: Number(row.approved),
    rejected: Number(row.rejected),
    registrationsPending: Number(row.registrations_pending),
    registrationsApproved: Number(row.registrations_approved),
  };
}
