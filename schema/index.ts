export * from './api-schema.js';
export * from './compose-supergraph.js';
export * from './subgraphs.js';
