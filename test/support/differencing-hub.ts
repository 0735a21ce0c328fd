import { createLogger, shiftDate } from '@cityhub/kit';
import type { InProcessHub } from '@cityhub/launcher';
import { RiskRunner } from '@cityhub/risk';
import { afterAll, beforeAll, expect } from 'vitest';
import { TEST_REFERENCE_DATE } from './constants.js';
import { testDatabase } from './database.js';
import { authHeaders, graphql, type GraphQLResponse } from './hub.js';
import { startHubWithRiskRuns } from './risk-hub.js';

/**
 * What the differencing attacks share: the district and day they attack, the callers who attack
 * (anonymous, and a viewer without exact-figure rights), and the published board of areas that
 * an official with personal-data rights sees exactly.
 */
export const DISTRICT = '310104';
export const DATE = shiftDate(TEST_REFERENCE_DATE, -1);

export const exact = () => authHeaders();
export type Headers = () => Promise<Record<string, string>>;
export const callers: Array<[string, Headers]> = [
  ['anonymous', async () => ({})],
  ['viewer', () => authHeaders({ roles: ['viewer'] }, 'resident-services')],
];

export const COLOURS = ['green', 'yellow', 'red'] as const;
type Colour = (typeof COLOURS)[number];
export type Counts = { residentCount: number | null } & Record<Colour, number | null>;
interface Area extends Counts {
  code: string;
}
export interface Board {
  district: Counts;
  streets: Array<Area & { communities: Area[] }>;
}

const AREA_FIELDS = 'code residentCount healthCodeCounts { green yellow red }';
const BOARD = `{ district(code: "${DISTRICT}") { ${AREA_FIELDS.replace('code ', '')} streets { ${AREA_FIELDS} communities(first: 500) { edges { node { ${AREA_FIELDS} } } } } } }`;

/** The district, its streets and their communities, with residents and health-code colours. */
export async function board(gatewayUrl: string, headers: Record<string, string>): Promise<Board> {
  const response = await graphql(gatewayUrl, BOARD, {}, headers);
  expect(response.errors).toBeUndefined();
  const flat = (area: any): Area => ({
    code: area.code,
    residentCount: area.residentCount,
    ...area.healthCodeCounts,
  });
  const district = response.data!.district;
  return {
    district: flat(district),
    streets: district.streets.map((street: any) => ({
      ...flat(street),
      communities: street.communities.edges.map((edge: any) => flat(edge.node)),
    })),
  };
}

/**
 * The hub the attacks of one file go through, with the exact board read before them and, with
 * `riskRun`, the risk model run on DATE (for the attacks through risk assessments).
 */
export function useDifferencingHub({ riskRun = false } = {}) {
  const risk = testDatabase('risk');
  let hub: InProcessHub | undefined;
  let truth: Board | undefined;
  beforeAll(async () => {
    const started = await startHubWithRiskRuns();
    hub = started.hub;
    truth = await board(hub.gateway.url, await exact());
    if (riskRun)
      await new RiskRunner(risk, started.gateway(), createLogger('privacy-test', 'silent')).run(
        DATE,
        'COMMAND_LINE',
        'privacy test',
      );
  });
  afterAll(async () => {
    await hub?.stop();
    await risk.destroy();
  });
  return { gatewayUrl: () => hub!.gateway.url, truth: () => truth! };
}

/**
 * Asks `query` for each window a caller might difference. Anonymous callers are refused outright
 * where `query` needs a login; a window that is not allowed is BAD_USER_INPUT (and `refused` sees
 * the answer); an allowed one's data goes to `published`.
 */
export async function expectWholeWindowsOnly(
  ask: (variables: Record<string, unknown>) => Promise<GraphQLResponse>,
  windows: Array<{ label: string; variables: Record<string, unknown>; allowed: boolean }>,
  checks: {
    anonymous?: boolean;
    published(data: Record<string, any>): void;
    refused?(data: Record<string, any> | null | undefined): void;
  },
): Promise<void> {
  for (const { label, variables, allowed } of windows) {
    const response = await ask(variables);
    if (checks.anonymous) {
      expect(response.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      continue;
    }
    if (allowed) {
      expect(response.errors).toBeUndefined();
      checks.published(response.data!);
    } else {
      expect(response.errors?.[0]?.extensions?.code, label).toBe('BAD_USER_INPUT');
      checks.refused?.(response.data);
    }
  }
}
