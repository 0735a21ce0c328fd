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
  enterprises(first: 500, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node { creditCode sites { screeningCases { status } } } }
  }
}`;

type Screening = { status: 'OPEN' | 'VERIFIED' | 'CLEARED' };

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

/** Screening outcomes on each enterprise's construction sites, from the sites department. */
export async function siteScreenings(
  gateway: GatewayClient,
  facts: Map<string, EnterpriseFacts>,
): Promise<number> {
  return everyEnterprise<{ creditCode: string; sites: Array<{ screeningCases: Screening[] }> }>(
    gateway,
    'sites',
    SITE_SCREENINGS,
    (node) => {
      const screenings = { open: 0, verified: 0, cleared: 0 };
      for (const site of node.sites)
        for (const screening of site.screeningCases)
          screenings[
            screening.status === 'OPEN'
              ? 'open'
              : screening.status === 'VERIFIED'
                ? 'verified'
                : 'cleared'
          ]++;
      factsOf(facts, node.creditCode).screenings = screenings;
    },
  );
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
