/**
 * `npm run chaos`: the hub as `npm start` runs it (every department its own supervised process),
 * on its own embedded PostgreSQL and its own ports, under steady load through the gateway, while
 * each subgraph in turn is killed with SIGKILL, one is frozen with SIGSTOP, PostgreSQL is
 * restarted and finally the whole hub is stopped with SIGTERM. Prints, per fault, the share of
 * answers with an error, the share whose other departments' fields stayed, and the seconds until
 * full answers came back; and how many served unmasked reads lack an audit record.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { createDatabase, mintToken } from '@cityhub/kit';
import type { Supervisor } from '@cityhub/launcher';
import { FaultReport } from './chaos/faults.js';
import { CHAOS, startHub, startSeededPostgres, stopAll } from './chaos/hub.js';
import { ChaosLoad } from './chaos/load.js';

const WORKERS = 8;
const say = (line: string) => process.stdout.write(`${line}\n`);
type Postgres = Awaited<ReturnType<typeof startSeededPostgres>>['postgres'];

async function main(): Promise<void> {
  const { postgres, databaseUrl, modules, city } = await startSeededPostgres();
  const departments = modules.map(({ entry }) => entry.name);
  const supervisors = await startHub(departments, databaseUrl, () => postgres.stop());
  say('Hub up; load through the gateway with 8 clients.');

  const token = await mintToken(
    { subject: 'chaos', department: 'chaos', roles: ['admin'], expiresIn: '1h' },
    CHAOS.jwtSecret,
  );
  const people = Array.from({ length: 200 }, (_, i) => city.person(i).idNumber);
  const load = new ChaosLoad(
    `http://127.0.0.1:${CHAOS.gatewayPort}/graphql`,
    token,
    people,
    WORKERS,
  );
  try {
    await load.probe();
    load.start();
    await sleep(3_000);
    const report = new FaultReport(load);
    await runFaults(report, departments, supervisors, postgres);
    const { served, missingAudit } = await shutDownUnderLoad(load, supervisors, databaseUrl);
    await postgres.stop();
    report.print();
    say(
      `\nSIGTERM the hub under load: ${served} unmasked reads served, audit records missing: ${missingAudit}.`,
    );
    process.exitCode = missingAudit === 0 ? 0 : 1;
  } finally {
    await stopAll(supervisors, 5_000);
    await Promise.race([postgres.stop(), sleep(10_000)]);
    rmSync(CHAOS.dataDir, { recursive: true, force: true });
  }
}

/** Each department killed in turn, sites frozen for 10 s, PostgreSQL restarted. */
async function runFaults(
  report: FaultReport,
  departments: string[],
  supervisors: Map<string, Supervisor>,
  postgres: Postgres,
): Promise<void> {
  for (const name of departments) {
    const supervisor = supervisors.get(name)!;
    await report.fault(
      `kill -9 ${name}`,
      name,
      async () => {
        process.kill(supervisor.pid!, 'SIGKILL');
      },
      () => 0,
    );
  }
  let resumedAt = Number.POSITIVE_INFINITY;
  await report.fault(
    'SIGSTOP sites for 10 s',
    'sites',
    async () => {
      const pid = supervisors.get('sites')!.pid!;
      process.kill(pid, 'SIGSTOP');
      setTimeout(() => {
        process.kill(pid, 'SIGCONT');
        resumedAt = Date.now();
      }, 10_000);
    },
    () => resumedAt,
  );
  let restartedAt = Number.POSITIVE_INFINITY;
  await report.fault(
    'restart PostgreSQL (down 3 s)',
    null,
    async () => {
      await postgres.stop();
      await sleep(3_000);
      await postgres.start();
      restartedAt = Date.now();
    },
    () => restartedAt,
  );
}

/**
 * SIGTERM to every service under load: each drains; every served unmasked read must be audited.
 * How many unmasked reads were served, and how many of them lack an audit record.
 */
async function shutDownUnderLoad(
  load: ChaosLoad,
  supervisors: Map<string, Supervisor>,
  databaseUrl: string,
): Promise<{ served: number; missingAudit: number }> {
  const operation = `ChaosShutdown_${randomBytes(4).toString('hex')}`;
  load.operation = operation;
  await sleep(2_000);
  await stopAll(supervisors);
  await load.stop();
  const served = load.samples.filter((s) => s.operation === operation && s.personServed).length;
  const audit = createDatabase({ url: databaseUrl, schema: 'audit', poolMax: 1 });
  const [row] = (await audit('personal_data_reads')
    .where({ operation, subgraph: 'population' })
    .count({ records: '*' })) as Array<{ records: number | string }>;
  await audit.destroy();
  const missingAudit = served - Number(row?.records ?? 0);
  say(
    `  SIGTERM the hub under load: ${served} unmasked reads served, ${missingAudit} without an audit record`,
  );
  return { served, missingAudit };
}

await main();
// Whatever handle is left (a pool timer, a keep-alive socket) must not hold the run open.
process.exit();
