export * from './config.js';
export * from './gateway-server.js';
export * from './supergraph-file.js';
