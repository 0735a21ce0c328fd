export * from './feed-definition.js';
export * from './feed-intake.js';
export * from './feed-messages.js';
export * from './feed-subjects.js';
export * from './feed-tables.js';
export * from './feed-batch.js';
export * from './nats-feed.js';
export * from './mqtt-feed.js';
