import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { IDENTITY_HEADER, signIdentity } from '@cityhub/kit';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { TEST_INTERNAL_SECRET, TEST_PERSON_ID_KEY } from '../support/constants.js';
import { testDatabase } from '../support/database.js';
import { testCaller, testCity } from '../support/hub.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const audit = testDatabase('audit');
let child: ChildProcess | undefined;
afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await audit.destroy();
});

/** A real population subgraph process on an ephemeral port; resolves with its GraphQL URL. */
function startPopulationProcess(): Promise<{ process: ChildProcess; url: string }> {
  const databaseUrl = inject('databaseUrl');
  const process_ = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=development', 'subgraphs/population/src/main.ts'],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        POPULATION_PORT: '0',
        DATABASE_URL: databaseUrl,
        AUDIT_DATABASE_URL: databaseUrl,
        HUB_INTERNAL_SECRET: TEST_INTERNAL_SECRET,
        PERSON_ID_KEY: TEST_PERSON_ID_KEY,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no start in 60 s:\n${output}`)), 60_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const url = output.match(/"url":"(http:\/\/127\.0\.0\.1:\d+\/graphql)"/)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({ process: process_, url });
      }
    };
    process_.stdout!.on('data', read);
    process_.stderr!.on('data', read);
    process_.once('exit', (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
}

describe('the audit after kill -9', () => {
  it('holds a record of every unmasked read that was served before the crash', async () => {
    const started = await startPopulationProcess();
    child = started.process;
    const run = `crash-${randomBytes(4).toString('hex')}`;
    const city = testCity();
    const people = Array.from({ length: 200 }, (_, i) => city.person(i));
    const served = new Set<string>();
    let sent = 0;
    let stopped = false;

    // Each request states its own purpose, so that its record can be matched to its answer.
    const client = async (lane: number) => {
      for (let i = 0; !stopped; i++) {
        const purpose = `${run}-${lane}-${i}`;
        const person = people[(lane * 31 + i) % people.length]!;
        const identity = signIdentity(
          testCaller({ id: run, purpose }),
          'CrashLookup',
          TEST_INTERNAL_SECRET,
        );
        sent += 1;
        try {
          const response = await fetch(started.url, {
            method: 'POST',
            headers: { 'content-type': 'application/json', [IDENTITY_HEADER]: identity },
            body: JSON.stringify({
              query:
                'query CrashLookup($id: String!) { person(idNumber: $id) { idNumber name phone } }',
              variables: { id: person.idNumber },
            }),
          });
          const body = (await response.json()) as { data?: { person?: { idNumber: string } } };
          if (body.data?.person?.idNumber === person.idNumber) served.add(purpose);
        } catch {
          return; // the process is gone
        }
      }
    };
    const lanes = Array.from({ length: 16 }, (_, lane) => client(lane));
    // Kill in the middle of the load, once a good number of reads have been served.
    while (served.size < 300) await new Promise((resolve) => setTimeout(resolve, 20));
    child.kill('SIGKILL');
    await new Promise((resolve) => child!.once('exit', resolve));
    stopped = true;
    await Promise.all(lanes);

    const recorded = new Set(
      (
        await audit('personal_data_reads')
          .where({ caller_id: run, access: 'unmasked' })
          .select('purpose')
      ).map((row: { purpose: string }) => row.purpose),
    );
    const missing = [...served].filter((purpose) => !recorded.has(purpose));
    const perThousand = ((served.size - missing.length) / served.size) * 1000;
    console.info(
      `audit after kill -9: ${served.size} unmasked reads served of ${sent} sent, ${recorded.size} recorded; ${perThousand} records per 1,000 served reads`,
    );
    expect(missing).toEqual([]);
    expect(perThousand).toBe(1000);
  }, 120_000);
});
