import type { EnterpriseFacts } from '../managers/credit-rules.js';
import type { GatewayClient, PagedConnection } from './gateway-client.js';

interface EnterprisePage<N> {
  enterprises: PagedConnection<N>;
}

const enterprisesOf = <N>(data: EnterprisePage<N>) => data.enterprises;

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
  return gateway.everyNode(
    'enterprises',
    CREDIT_FACTS,
    {},
    enterprisesOf<{ creditCode: string; creditFacts: Facts }>,
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
  return gateway.everyNode(
    'sites',
    SITE_SCREENINGS,
    {},
    enterprisesOf<{
      creditCode: string;
      sites: Array<{ screeningCases: Array<{ status: 'OPEN' | 'VERIFIED' | 'CLEARED' }> }>;
    }>,
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
