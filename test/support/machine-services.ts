import { connect } from 'node:net';

/**
 * Whether the tests of a path that runs on one of the machine's servers (NATS, Redis) run here. A user's
 * fresh machine, or one with the network cut, may have none: those tests are then left out with one
 * line from the global setup. `.ci/run` starts the servers and sets CITYHUB_REQUIRE_SERVICES=1, so in
 * CI a missing server fails the run instead.
 */
export const MACHINE_SERVICES = {
  nats: {
    name: 'NATS JetStream',
    port: 4222,
    note: 'the embedded PostgreSQL event bus is tested all the same; .ci/run starts NATS',
  },
  redis: {
    name: 'Redis',
    port: 6379,
    note: 'the in-memory response cache is tested all the same; .ci/run starts Redis',
  },
  mqtt: {
    name: 'Mosquitto (MQTT)',
    port: 1883,
    note: 'the batch mutation and NATS feeds are tested all the same; .ci/run starts Mosquitto',
  },
} as const;

export async function machineServicePlan(
  service: keyof typeof MACHINE_SERVICES,
): Promise<{ run: boolean; reason: string }> {
  const { name, port, note } = MACHINE_SERVICES[service];
  if (await listening(port)) return { run: true, reason: `${name} answers on 127.0.0.1:${port}` };
  if (process.env.CITYHUB_REQUIRE_SERVICES === '1')
    return { run: true, reason: `CITYHUB_REQUIRE_SERVICES=1: ${name} must answer` };
  return {
    run: false,
    reason: `the ${name} tests are left out: nothing answers on 127.0.0.1:${port} (${note})`,
  };
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 1_000 });
    const done = (answer: boolean) => {
      socket.destroy();
      resolve(answer);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.once('timeout', () => done(false));
  });
}
