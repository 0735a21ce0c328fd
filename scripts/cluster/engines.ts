import { appendFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { onHost, run } from './network.js';
import { LOGS, startOnHost } from './processes.js';
import { haproxyConfig } from './haproxy-config.js';
import { DATABASE_NAME, HOSTS, STATE_DIR, type HostName } from './topology.js';

/** The machine's PostgreSQL 15 binaries; the cluster's own instances, never the machine's. */
const PG_BIN = process.env.CITYHUB_PG_BIN ?? '/usr/lib/postgresql/15/bin';
const pg = (tool: string) => join(PG_BIN, tool);
const asPostgres = (host: HostName, tool: string, ...args: string[]) =>
  run(onHost(host)[0]!, [
    ...onHost(host).slice(1),
    'runuser',
    '-u',
    'postgres',
    '--',
    pg(tool),
    ...args,
  ]);

function postgresDirectory(name: string): string {
  const directory = join(STATE_DIR, name);
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  run('chown', ['postgres:postgres', directory]);
  return directory;
}

/** Listens on the host's address only, with its socket in its own directory (not the machine's). */
function startPostgres(host: HostName, directory: string): void {
  const options = `-c listen_addresses=${HOSTS[host]} -c port=5432 -c unix_socket_directories=${directory}`;
  mkdirSync(LOGS, { recursive: true });
  const log = join(LOGS, `${host}.log`);
  writeFileSync(log, '');
  run('chown', ['postgres:postgres', log]);
  asPostgres(
    host,
    'pg_ctl',
    '-D',
    join(directory, 'data'),
    '-l',
    log,
    '-o',
    options,
    '-w',
    'start',
  );
}

/** A primary with the hub's database, and a hot standby streaming from it (pg_basebackup -R). */
export function startPostgresPair(): void {
  const primary = postgresDirectory('pg-primary');
  asPostgres(
    'pgPrimary',
    'initdb',
    '--no-sync',
    '-D',
    join(primary, 'data'),
    '-U',
    'postgres',
    '--auth=trust',
  );
  // Trust inside the simulated network only: these hosts exist for the demonstration and the test.
  appendFileSync(
    join(primary, 'data', 'pg_hba.conf'),
    `host all all ${HOSTS.lb.replace(/\.\d+$/, '.0')}/24 trust\nhost replication all ${HOSTS.lb.replace(/\.\d+$/, '.0')}/24 trust\n`,
  );
  startPostgres('pgPrimary', primary);
  asPostgres('pgPrimary', 'createdb', '-h', HOSTS.pgPrimary, '-U', 'postgres', DATABASE_NAME);
  const replica = postgresDirectory('pg-replica');
  asPostgres(
    'pgReplica',
    'pg_basebackup',
    ...[
      '-h',
      HOSTS.pgPrimary,
      '-U',
      'postgres',
      '-D',
      join(replica, 'data'),
      '-R',
      '-X',
      'stream',
      '--checkpoint=fast',
    ],
  );
  startPostgres('pgReplica', replica);
}

export function stopPostgresPair(): void {
  for (const name of ['pg-replica', 'pg-primary']) {
    const data = join(STATE_DIR, name, 'data');
    if (existsSync(join(data, 'postmaster.pid')))
      run(
        'runuser',
        ['-u', 'postgres', '--', pg('pg_ctl'), '-D', data, '-m', 'fast', '-w', 'stop'],
        {
          quiet: true,
        },
      );
  }
}

/** Redis and NATS JetStream: the machine's binaries, new instances on their own hosts. */
export function startRedisAndNats(): void {
  startOnHost('redis', 'redis', [
    'redis-server',
    ...['--bind', HOSTS.redis, '--port', '6379', '--save', '', '--appendonly', 'no'],
    ...['--protected-mode', 'no', '--dir', STATE_DIR],
  ]);
  const natsStore = join(STATE_DIR, 'nats');
  mkdirSync(natsStore, { recursive: true });
  startOnHost('nats', 'nats', [
    process.env.CITYHUB_NATS_SERVER ?? '/usr/sbin/nats-server',
    ...['-a', HOSTS.nats, '-p', '4222', '-js', '-sd', natsStore],
  ]);
}

/** HAProxy in the foreground (-db) on the load balancer's host. */
export function startHaproxy(): void {
  const file = join(STATE_DIR, 'haproxy.cfg');
  writeFileSync(file, haproxyConfig());
  run('haproxy', ['-c', '-f', file]);
  startOnHost('haproxy', 'lb', ['haproxy', '-db', '-f', file]);
}
