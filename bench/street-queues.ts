import type { TokenClaims } from '@cityhub/kit';
import { median } from './report.js';
import type { GatewayClient, WorkloadContext } from './workload.js';

/** Orders each street's official works per round. */
export const ORDERS_PER_STREET = 10;
/** How many open orders an official takes from the top of the queue at a time. */
const PAGE = 10;

const INGEST =
  'mutation Ingest($input: HotlineCallInput!) { ingestHotlineCall(input: $input) { id } }';
const QUEUE =
  'query Queue($streetCode: ID!) { workOrders(streetCode: $streetCode, statuses: [OPEN], category: PUBLIC_SAFETY, first: 10) { totalCount edges { node { id title priority dueAt overdue street { name } community { name } } } } }';
const ACCEPT = 'mutation Accept($id: ID!) { acceptWorkOrder(id: $id) { id status } }';
const RESOLVE =
  'mutation Resolve($id: ID!, $evidence: String!) { resolveWorkOrder(id: $id, evidence: $evidence) { id status } }';

/**
 * Street officials working their queue (一网统管): the hotline hands over 10 public-safety calls
 * per street, then every street's official at once lists the top of their queue, accepts and
 * resolves each order, until the queue is empty. Reports the intake, the whole queue, and the
 * median of each operation.
 */
export async function timeStreetQueues(
  connect: (claims?: TokenClaims) => Promise<GatewayClient>,
  { city, round }: WorkloadContext & { round: number },
): Promise<Record<string, number>> {
  const streets = city.geography.streets.filter((street) => street.districtCode === '310104');
  const hotline = await connect({
    subject: 'bench-hotline-12345',
    department: 'hotline',
    roles: ['hotline-feed'],
  });
  const batch = `${Date.now().toString(36)}-${round}`;
  let started = performance.now();
  // The hotline hands each street's calls over one after another, the streets side by side.
  await Promise.all(
    streets.map(async (street) => {
      for (let i = 0; i < ORDERS_PER_STREET; i++) {
        const road = street.roads[i % street.roads.length];
        await expectData(
          hotline.request({
            query: INGEST,
            variables: {
              input: {
                callId: `bench-${batch}-${street.code}-${i}`,
                category: 'PUBLIC_SAFETY',
                text: `${road}路口井盖缺失，存在安全隐患`,
                streetCode: street.code,
                location: `${road}${i + 1}号`,
                callerPhone: `1390000${String(i).padStart(4, '0')}`,
              },
            },
          }),
          'ingestHotlineCall',
        );
      }
    }),
  );
  const intakeSeconds = (performance.now() - started) / 1000;
  const timings = { list: [] as number[], accept: [] as number[], resolve: [] as number[] };
  const timed = async <T>(kind: keyof typeof timings, call: () => Promise<T>): Promise<T> => {
    const at = performance.now();
    const result = await call();
    timings[kind].push((performance.now() - at) / 1000);
    return result;
  };
  started = performance.now();
  const worked = await Promise.all(
    streets.map(async (street) => {
      const official = await connect({
        subject: `bench-official-${street.code}`,
        department: 'street',
        roles: ['street-official'],
        streets: [street.code],
      });
      let done = 0;
      for (;;) {
        const queue = await timed('list', () =>
          expectData<{ workOrders: { edges: Array<{ node: { id: string } }> } }>(
            official.request({ query: QUEUE, variables: { streetCode: street.code } }),
            'workOrders',
          ),
        );
        const ids = queue.workOrders.edges.map((edge) => edge.node.id);
        if (ids.length === 0) return done;
        for (const id of ids) {
          await timed('accept', () =>
            expectData(official.request({ query: ACCEPT, variables: { id } }), 'acceptWorkOrder'),
          );
          await timed('resolve', () =>
            expectData(
              official.request({ query: RESOLVE, variables: { id, evidence: '已补装井盖' } }),
              'resolveWorkOrder',
            ),
          );
          done += 1;
        }
        if (ids.length < PAGE) return done;
      }
    }),
  );
  const total = worked.reduce((sum, n) => sum + n, 0);
  if (total < streets.length * ORDERS_PER_STREET)
    throw new Error(`the officials worked ${total} orders, fewer than the hotline handed over`);
  return {
    [`hotline intake of ${streets.length * ORDERS_PER_STREET} calls (s)`]: intakeSeconds,
    [`${streets.length} officials working ${total} orders (s)`]:
      (performance.now() - started) / 1000,
    'list, median (s)': median(timings.list),
    'accept, median (s)': median(timings.accept),
    'resolve, median (s)': median(timings.resolve),
  };
}

async function expectData<T = Record<string, unknown>>(
  answer: ReturnType<GatewayClient['request']>,
  field: string,
): Promise<T> {
  const { data, errors } = await answer;
  const value = (data as Record<string, unknown> | null | undefined)?.[field];
  if (errors?.length || value === null || value === undefined)
    throw new Error(`${field} failed: ${JSON.stringify(errors ?? data)}`);
  return data as T;
}
