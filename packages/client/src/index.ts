export * from './__generated__/graphql.js';
export * from './errors.js';
export * from './hub-client.js';
