import { randomBytes } from 'node:crypto';
import {
  SCOPES,
  feedSubject,
  feedTopic,
  publicKeyPem,
  type Database,
  type Scope,
} from '@cityhub/kit';
import { CASE_REPORT_FEED, UTILITY_READING_FEED } from '@cityhub/risk';
import { PASSAGE_FEED } from '@cityhub/transport';
import mqtt from 'mqtt';
import { connect, type NatsConnection } from 'nats';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { TEST_PERSON_ID_KEY } from './support/constants.js';
import { testDatabase } from './support/database.js';
import { subgraphHeaders, testCaller, testCity, testKey } from './support/hub.js';
import { machineServicePlan } from './support/machine-services.js';
import { startSubgraphProcess, type ServiceProcess } from './resilience/service-process.js';

const nats = await machineServicePlan('nats');
const mqttPlan = await machineServicePlan('mqtt');
const prefix = `fs${randomBytes(4).toString('hex')}`;
const services: ServiceProcess[] = [];
const transport = testDatabase('transport');
const risk = testDatabase('risk');
let bus: NatsConnection;
let device: mqtt.MqttClient;

/** A department's service as `npm start` runs it, told only where the feeds are (hub-wide names). */
async function startDepartment(name: string, env: Record<string, string> = {}) {
  const databaseUrl = inject('databaseUrl');
  const service = await startSubgraphProcess(name, {
    DATABASE_URL: databaseUrl,
    AUDIT_DATABASE_URL: databaseUrl,
    HUB_IDENTITY_PUBLIC_KEYS: publicKeyPem(testKey('gateway')),
    PERSON_ID_KEY: TEST_PERSON_ID_KEY,
    FEED_NATS_URL: 'nats://127.0.0.1:4222',
    FEED_NATS_PREFIX: prefix,
    FEED_MQTT_URL: 'mqtt://127.0.0.1:1883',
    FEED_MQTT_PREFIX: `${prefix}/`,
    ...env,
  });
  services.push(service);
  return service;
}

/** Publishes half the records on NATS (one a message) and half from a device on MQTT (one batch). */
async function publish(feed: string, records: object[]) {
  const half = Math.ceil(records.length / 2);
  const js = bus.jetstream();
  const { subject } = feedSubject(feed, prefix);
  for (const record of records.slice(0, half)) await js.publish(subject, JSON.stringify(record));
  await device.publishAsync(
    `${feedTopic(feed, `${prefix}/`)}/device-1`,
    JSON.stringify(records.slice(half)),
    { qos: 1 },
  );
}

/** The channels the rows with these source ids came through, once they are all there. */
async function channels(db: Database, table: string, sourceIds: string[]) {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const rows = await db(table).whereIn('source_id', sourceIds).select('feed', 'recorded_by');
    if (rows.length >= sourceIds.length || Date.now() > deadline)
      return rows.map((row) => `${row.feed} ${row.recorded_by}`).sort();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe.skipIf(!nats.run || !mqttPlan.run)('feeds started by the departments’ services', () => {
  beforeAll(async () => {
    bus = await connect({ servers: 'nats://127.0.0.1:4222' });
    device = await mqtt.connectAsync('mqtt://127.0.0.1:1883');
  });
  afterAll(async () => {
    for (const service of services) service.child.kill('SIGTERM');
    await Promise.all(services.map((service) => service.exited));
    await device?.endAsync();
    await (await bus?.jetstreamManager())?.streams.delete(feedSubject('x', prefix).stream);
    await bus?.close();
    await transport.destroy();
    await risk.destroy();
  });

  it('transport, started as npm start starts it, consumes checkpoint passages from NATS and MQTT', async () => {
    const service = await startDepartment('transport');
    expect(
      service.log.some((line) => line.includes(PASSAGE_FEED) && line.includes('feed consuming')),
    ).toBe(true);
    const checkpoint = (await transport('checkpoints').orderBy('code').first('code')).code;
    const passages = Array.from({ length: 10 }, (_, i) => ({
      sourceId: `${prefix}-p${i}`,
      checkpointCode: checkpoint,
      passedAt: `2026-11-29T08:0${i}:00+08:00`,
      direction: i % 2 ? 'INBOUND' : 'OUTBOUND',
      plate: '沪A12345',
      vehicleKind: 'CAR',
      originCode: '420106',
      occupants: 2,
    }));
    await publish(PASSAGE_FEED, passages);
    const { subject } = feedSubject(PASSAGE_FEED, prefix);
    expect(
      await channels(
        transport,
        'checkpoint_passages',
        passages.map((p) => p.sourceId),
      ),
    ).toEqual([...Array(5).fill('MQTT mqtt:device-1'), ...Array(5).fill(`NATS nats:${subject}`)]);
  }, 180_000);

  it('risk consumes case reports and meter readings from NATS and MQTT; its mutation takes readings from their feed role only', async () => {
    const service = await startDepartment('risk', {
      RISK_SCHEDULER_ENABLED: 'false',
      RISK_CATCH_UP_ON_START: 'false',
    });
    for (const feed of [CASE_REPORT_FEED, UTILITY_READING_FEED])
      expect(
        service.log.some((line) => line.includes(feed) && line.includes('feed consuming')),
      ).toBe(true);
    const person = testCity().person(21);
    const reports = Array.from({ length: 6 }, (_, i) => ({
      sourceId: `${prefix}-c${i}`,
      recordId: `${prefix}-r${i}`,
      idNumber: person.idNumber,
      kind: 'FEVER_CLINIC_VISIT',
      reportedOn: '2026-11-28',
      communityCode: person.communityCode,
    }));
    const dwelling = await risk('dwellings').orderBy('id', 'desc').first();
    const readings = Array.from({ length: 6 }, (_, i) => ({
      sourceId: `${prefix}-u${i}`,
      communityCode: dwelling.community_code,
      address: dwelling.address,
      month: '2020-02',
      readAt: `2020-02-2${i}T12:00:00+08:00`,
      waterM3: 10 + i,
      electricityKwh: 100,
      gasM3: 5,
      deliveries: i,
    }));
    await publish(CASE_REPORT_FEED, reports);
    await publish(UTILITY_READING_FEED, readings);
    const reportChannels = await channels(
      risk,
      'case_reports',
      reports.map((r) => r.sourceId),
    );
    expect(reportChannels).toHaveLength(6);
    expect(new Set(reportChannels)).toEqual(
      new Set(['MQTT mqtt:device-1', `NATS nats:${feedSubject(CASE_REPORT_FEED, prefix).subject}`]),
    );
    expect(
      await channels(
        risk,
        'utility_reading_feed',
        readings.map((r) => r.sourceId),
      ),
    ).toHaveLength(6);
    // Per dwelling and month the meter's latest reading is the figure, whichever channel it took.
    const figure = await risk('dwelling_readings')
      .where({ dwelling_id: dwelling.id, month: '2020-02' })
      .first();
    expect(Number(figure.water_m3)).toBe(15);

    const url = service.url;
    const body = JSON.stringify({
      query:
        'mutation ($r: [UtilityReadingInput!]!) { recordUtilityReadings(readings: $r) { applied duplicates } }',
      variables: { r: readings.slice(0, 2) },
    });
    const send = async (role: string, scope: Scope) => {
      const caller = testCaller({ id: role, roles: [role], scopes: [scope] });
      const response = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(await subgraphHeaders('risk', body, caller)),
        },
        body,
      });
      return (await response.json()) as {
        data?: Record<string, unknown>;
        errors?: Array<{ extensions?: { code?: string } }>;
      };
    };
    const fed = await send('utility-reading-feed', SCOPES.riskIngestReadings);
    expect(fed.data?.recordUtilityReadings).toEqual({ applied: 0, duplicates: 2 });
    const other = await send('case-report-feed', SCOPES.riskIngestCases);
    expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  }, 180_000);
});
