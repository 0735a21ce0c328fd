import { setTimeout as sleep } from 'node:timers/promises';
import { Agent, request } from 'undici';

/** The parts of the load query, and the departments each needs (a person's fields need population too). */
export const PARTS: Array<{ path: string[]; departments: string[] }> = [
  { path: ['person', 'name'], departments: ['population'] },
  { path: ['districts'], departments: ['population'] },
  { path: ['person', 'siteAssignments'], departments: ['population', 'sites'] },
  { path: ['sites'], departments: ['sites'] },
  { path: ['person', 'representedEnterprises'], departments: ['population', 'enterprises'] },
  { path: ['enterprises'], departments: ['enterprises'] },
  { path: ['person', 'stationArrivals'], departments: ['population', 'transport'] },
  { path: ['stations'], departments: ['transport'] },
  { path: ['riskModels'], departments: ['risk'] },
  { path: ['personalDataReads'], departments: ['audit'] },
];
const QUERY = (operation: string) => `query ${operation}($id: String!) {
  person(idNumber: $id) {
    name
    siteAssignments { site { id } }
    representedEnterprises { creditCode }
    stationArrivals { arrivedAt }
  }
  districts { code }
  sites(first: 1) { totalCount }
  enterprises(first: 1) { totalCount }
  stations { code }
  riskModels { version }
  personalDataReads(first: 1) { edges { cursor } }
}`;

export interface Sample {
  at: number;
  ms: number;
  /** HTTP status, or 0 when the request could not be sent. */
  status: number;
  errors: number;
  /** Indexes of the parts that came back null or missing. */
  missing: Set<number>;
  personServed: boolean;
  operation: string;
}

/** An answer in full: 200 and no error. */
export const full = (sample: Sample) => sample.status === 200 && sample.errors === 0;

function valueAt(data: unknown, path: string[]): unknown {
  let value = data;
  for (const key of path) value = (value as Record<string, unknown> | null)?.[key];
  return value;
}

/**
 * Steady load through the gateway: `workers` clients each sending the load query (named after the
 * current `operation`) about one of `people` after the other, every answer kept as a sample.
 */
export class ChaosLoad {
  readonly samples: Sample[] = [];
  operation = 'Chaos';
  private running = true;
  private readonly agent: Agent;
  private load: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly gatewayUrl: string,
    private readonly token: string,
    private readonly people: string[],
    readonly workers: number,
  ) {
    this.agent = new Agent({ connections: workers, keepAliveTimeout: 10_000 });
  }

  /** One load query; throws when it could not be sent. */
  private async ask(operation: string, id: string, headersTimeout?: number) {
    const response = await request(this.gatewayUrl, {
      method: 'POST',
      dispatcher: this.agent,
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${this.token}`,
        'x-purpose': 'health-code-check',
      },
      body: JSON.stringify({ query: QUERY(operation), variables: { id } }),
      headersTimeout,
    });
    const body = (await response.body.json()) as { data?: unknown; errors?: unknown[] };
    return { status: response.statusCode, body };
  }

  /** Refuses to start unless the load query answers in full. */
  async probe(): Promise<void> {
    const { status, body } = await this.ask('Probe', this.people[0]!);
    if (status !== 200 || body.errors)
      throw new Error(`the load query does not answer in full: ${JSON.stringify(body)}`);
  }

  start(): void {
    this.load = Promise.all(Array.from({ length: this.workers }, (_, w) => this.worker(w)));
  }

  /** Stops the clients once their requests under way are answered. */
  async stop(): Promise<void> {
    this.running = false;
    await this.load;
    await this.agent.close();
  }

  private async worker(w: number): Promise<void> {
    for (let i = w; this.running; i += this.workers) {
      const started = Date.now();
      const operation = this.operation;
      const sample: Sample = {
        at: started,
        ms: 0,
        status: 0,
        errors: 0,
        missing: new Set(PARTS.map((_, index) => index)),
        personServed: false,
        operation,
      };
      try {
        const id = this.people[i % this.people.length]!;
        const { status, body } = await this.ask(operation, id, 30_000);
        sample.status = status;
        sample.errors = body.errors?.length ?? 0;
        sample.missing = new Set(
          PARTS.flatMap((part, index) => (valueAt(body.data, part.path) == null ? [index] : [])),
        );
        sample.personServed = typeof valueAt(body.data, ['person', 'name']) === 'string';
      } catch {
        await sleep(50);
      }
      sample.ms = Date.now() - started;
      this.samples.push(sample);
    }
  }
}
