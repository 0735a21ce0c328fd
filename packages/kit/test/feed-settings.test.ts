import { describe, expect, it } from 'vitest';
import { feedBusSettingsOrThrow } from '../src/feeds/feed-settings.js';

describe('where a department reads its feeds', () => {
  it('takes the hub-wide settings, a department’s own winning over them; unset or empty is off', () => {
    const env = {
      FEED_NATS_URL: 'nats://bus:4222',
      FEED_NATS_PREFIX: 'hub',
      FEED_MQTT_URL: 'mqtt://broker:1883',
      RISK_FEED_MQTT_URL: 'mqtts://utilities:8883',
      RISK_FEED_MQTT_PREFIX: 'xuhui/',
      TRANSPORT_FEED_NATS_URL: '',
    };
    expect(feedBusSettingsOrThrow('risk', env)).toEqual({
      natsUrl: 'nats://bus:4222',
      natsPrefix: 'hub',
      mqttUrl: 'mqtts://utilities:8883',
      mqttPrefix: 'xuhui/',
    });
    expect(feedBusSettingsOrThrow('transport', env)).toMatchObject({
      natsUrl: 'nats://bus:4222',
      mqttUrl: 'mqtt://broker:1883',
      mqttPrefix: undefined,
    });
    expect(feedBusSettingsOrThrow('population', {})).toEqual({
      natsUrl: undefined,
      natsPrefix: undefined,
      mqttUrl: undefined,
      mqttPrefix: undefined,
    });
  });

  it('refuses a URL of the wrong kind at start, naming the variable', () => {
    expect(() =>
      feedBusSettingsOrThrow('transport', { TRANSPORT_FEED_MQTT_URL: 'http://broker' }),
    ).toThrow(/transport feed configuration: TRANSPORT_FEED_MQTT_URL: must be an mqtt/);
    expect(() => feedBusSettingsOrThrow('risk', { FEED_NATS_PREFIX: 'a b' })).toThrow(
      /FEED_NATS_PREFIX/,
    );
  });
});
