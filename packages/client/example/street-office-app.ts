import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import {
  ApproveStaffDocument,
  FileDailyReportDocument,
  FilingStaffDocument,
  HubClient,
  LatestSiteReportDocument,
  OpenFilingDocument,
} from '../src/index.js';

/**
 * A community's residents, masked unless the official states a purpose. Written out here (not
 * generated) because `Community.residents` is new in the population department: once it is in the
 * composed schema this moves to operations/street-office.graphql like the other steps.
 */
const CommunityResidentsDocument: TypedDocumentNode<
  {
    community: {
      name: string;
      residents: {
        totalCount: number;
        edges: Array<{ node: { id: string; name: string } }>;
      } | null;
    } | null;
  },
  { communityCode: string; first: number }
> = parse(`query CommunityResidents($communityCode: ID!, $first: Int!) {
  community(code: $communityCode) {
    name
    residents(first: $first) { totalCount edges { node { id name } } }
  }
}`);

export interface StreetOfficeAppOptions {
  hubUrl: string;
  fetch?: typeof fetch;
}

/**
 * A street office's app on the hub (issue 19's example): each role signs in with its own token,
 * and every step is one request. The client throws on any error in an answer, so a step either
 * gives everything it asked for or says which field was refused and why — no silent nulls.
 */
export function createStreetOfficeApp(options: StreetOfficeAppOptions) {
  const as = (token: string, purpose?: string) =>
    new HubClient({
      url: options.hubUrl,
      token,
      purpose,
      persistedDocuments: false,
      fetch: options.fetch,
    });
  return {
    /** A street official lists a community's residents, one page. */
    async communityResidents(token: string, communityCode: string, purpose?: string) {
      const { community } = await as(token, purpose).request(CommunityResidentsDocument, {
        communityCode,
        first: 50,
      });
      return community;
    },
    /** A street official (or the representative) opens the enterprise's filing; answers its code. */
    async openFiling(token: string, creditCode: string): Promise<string> {
      return (await as(token).request(OpenFilingDocument, { creditCode })).openFiling.code;
    },
    /** The legal representative sees who registered on its filing, by name and ID number. */
    async pendingStaff(token: string, code: string) {
      const { filing } = await as(token).request(FilingStaffDocument, { code });
      return {
        staff: filing?.registrations?.edges.map((edge) => edge.node) ?? [],
        counts: filing?.registrationCounts ?? null,
      };
    },
    /** The legal representative approves the staff it named, in one batch. */
    async approveStaff(token: string, filingCode: string, registrationIds: string[]) {
      return (await as(token).request(ApproveStaffDocument, { filingCode, registrationIds }))
        .decideRegistrations;
    },
    /** A contractor files today's report with yesterday's workers: two requests, read then write. */
    async fileReportLikeYesterday(token: string, siteId: string, reportDate: string) {
      const client = as(token);
      const { site } = await client.request(LatestSiteReportDocument, { siteId });
      const latest = site?.latestReport;
      if (!latest) throw new Error(`Site ${siteId} has no earlier report to start from.`);
      const workers = (latest.workers ?? []).map(({ idNumber, name, originCode, arrivedOn }) => ({
        idNumber,
        name,
        originCode,
        arrivedOn,
      }));
      const { submitDailyReport } = await client.request(FileDailyReportDocument, {
        input: { siteId, reportDate, workers },
      });
      return { from: latest.reportDate, report: submitDailyReport.report };
    },
  };
}
