import type { TokenClaims } from '@cityhub/kit';
import type { SyntheticCity } from '@cityhub/synthetic-city';

/** What a workload needs to be run: registered subgraphs and, optionally, fields of the composed schema. */
export interface WorkloadNeeds {
  subgraphs: string[];
  /** `Type.field` coordinates that must exist in the supergraph, e.g. `Community.risk`. */
  fields?: string[];
}

export interface WorkloadContext {
  city: SyntheticCity;
  /** A random number generator seeded per run, so that both gateways see the same request sequence. */
  random(): number;
  /** The hub id of a resident, as every department computes it from the ID number. */
  personIdOf(idNumber: string): string;
}

export interface GraphQLRequestBody {
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
}

/** Many requests over a fixed time: throughput, p50, p99. */
export interface ThroughputWorkload {
  kind: 'throughput';
  name: string;
  title: string;
  needs: WorkloadNeeds;
  operation: string;
  operationName: string;
  /** Variables of each request; omit for a fixed request. */
  variables?: (context: WorkloadContext) => Record<string, unknown>;
  /** The purpose the caller states (x-purpose); null states none, so personal data come back masked and nothing is audited. Default: the benchmark's. */
  purpose?: string | null;
  /** A rate the users need (the health-code gate's 8,000 a second): the report says how many cores it would take. */
  targetRequestsPerSecond?: number;
}

/** A client of a gateway for timed operations. */
export interface GatewayClient {
  request<T = Record<string, unknown>>(
    body: GraphQLRequestBody,
  ): Promise<{
    data?: T | null;
    errors?: Array<{ message: string; extensions?: Record<string, unknown> }>;
  }>;
}

/** A few operations timed end to end (e.g. approving 1,000 registrations at once): seconds per step. */
export interface TimedWorkload {
  kind: 'timed';
  name: string;
  title: string;
  needs: WorkloadNeeds;
  /**
   * Runs once per gateway; returns the seconds each named step took. `connect` gives a client of
   * the gateway under test acting as the given caller (the benchmark's official by default).
   */
  run(
    connect: (claims?: TokenClaims) => Promise<GatewayClient>,
    context: WorkloadContext & { round: number },
  ): Promise<Record<string, number>>;
}

export type Workload = ThroughputWorkload | TimedWorkload;
