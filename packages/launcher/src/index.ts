export * from './database-setup.js';
export * from './hub-config.js';
export * from './in-process-hub.js';
export * from './prepare.js';
export * from './start-hub.js';
export * from './subgraph-modules.js';
export * from './credentials-cli.js';
export * from './prepare-cli.js';
