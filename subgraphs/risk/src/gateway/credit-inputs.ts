import type { EnterpriseFacts } from '../managers/credit-rules.js';
import type { GatewayClient, PagedConnection } from './gateway-client.js';

/** Every enterprise, 500 at a time, each node given to `visit`; returns how many. */
function everyEnterprise<N>(
  gateway: GatewayClient,
  source: string,
  document: string,
  visit: (node: N) => void,
): Promise<number> {
  return gateway.everyNode(
    source,
    document,
    {},
    (data: { enterprises: PagedConnection<N> }) => data.enterprises,
    visit,
  );
}

const CREDIT_FACTS = `query RiskRunCreditFacts($after: String) {
  enterprises(first: 500, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { creditCode creditFacts { filingsApproved filingsRejected filingsPending warningsLast12Months } } }
  }
}`;

const SITE_SCREENINGS = `query RiskRunSiteScreenings($after: String) {
  sites(first: 500, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { contractor { creditCode } screeningCases { status } } }
  }
}`;

export type Screenings = { open: number; verified: number; cleared: number };

type ScreenedSite = {
  contractor: { creditCode: string } | null;
  screeningCases: Array<{ status: 'OPEN' | 'VERIFIED' | 'CLEARED' }> | null;
};

type Facts = {
  filingsApproved: number;
  filingsRejected: number;
  filingsPending: number;
  warningsLast12Months: number;
};

/** Filing and warning facts of every enterprise, from the enterprises department, 500 at a time. */
export async function creditFacts(
  gateway: GatewayClient,
  facts: Map<string, EnterpriseFacts>,
): Promise<number> {
  return everyEnterprise<{ creditCode: string; creditFacts: Facts }>(
    gateway,
    'enterprises',
    CREDIT_FACTS,
    (node) => {
      const entry = factsOf(facts, node.creditCode);
      entry.filings = {
        approved: node.creditFacts.filingsApproved,
        rejected: node.creditFacts.filingsRejected,
        pending: node.creditFacts.filingsPending,
      };
      entry.warningsLast12Months = node.creditFacts.warningsLast12Months;
    },
  );
}

/**
 * Screening outcomes on construction sites, counted per general contractor, from the sites
 * department: a walk through the sites (a few hundred in a city), not through every enterprise
 * asking each for its sites. An enterprise that is no site's contractor has none.
 */
export async function screeningsByContractor(
  gateway: GatewayClient,
): Promise<{ counts: Map<string, Screenings>; records: number }> {
  const counts = new Map<string, Screenings>();
  const records = await gateway.everyNode(
    'sites',
    SITE_SCREENINGS,
    {},
    (data: { sites: PagedConnection<ScreenedSite> }) => data.sites,
    (site) => {
      if (!site.contractor) return;
      let screenings = counts.get(site.contractor.creditCode);
      if (!screenings)
        counts.set(site.contractor.creditCode, (screenings = { open: 0, verified: 0, cleared: 0 }));
      for (const screening of site.screeningCases ?? [])
        screenings[
          screening.status === 'OPEN'
            ? 'open'
            : screening.status === 'VERIFIED'
              ? 'verified'
              : 'cleared'
        ]++;
    },
  );
  return { counts, records };
}

function factsOf(facts: Map<string, EnterpriseFacts>, creditCode: string): EnterpriseFacts {
  let entry = facts.get(creditCode);
  if (!entry)
    facts.set(
      creditCode,
      (entry = { filings: null, warningsLast12Months: null, screenings: null }),
    );
  return entry;
}
