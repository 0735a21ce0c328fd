export * from './bus.js';
export * from './catalogue.js';
export * from './nats-bus.js';
export * from './outbox.js';
export * from './postgres-bus.js';
export * from './relay.js';
export * from './wake-up.js';
export * from './open-bus.js';
