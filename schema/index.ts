export * from './compose-supergraph.js';
export * from './subgraphs.js';
