import { describe } from 'vitest';
import {
  noticeAndCatalogueTests,
  subscriptionRefusalTests,
} from './events/notices-and-subscriptions.js';
import { redeliveryTests } from './events/redelivery.js';
import { transports, useEventsHub } from './events/events-hub.js';
import { webhookAndStreamTests } from './events/webhook-stream.js';

/**
 * The hub's events end to end, once per transport: each transport's tests share one running hub
 * (the modules under test/events hold them), as two hubs on one database would each deliver every
 * webhook.
 */
describe.each(transports)('events end to end through %s', (_name, dayOffset, busSettings) => {
  const env = useEventsHub(dayOffset, busSettings);
  noticeAndCatalogueTests(env);
  webhookAndStreamTests(env);
  redeliveryTests(env);
  subscriptionRefusalTests(env);
});
