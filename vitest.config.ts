import { defineConfig } from 'vitest/config';

export default defineConfig({
  // One graphql instance: the Apollo packages load its CommonJS build, so tests must too.
  resolve: {
    conditions: ['development'],
    alias: [
      { find: /^graphql$/, replacement: 'graphql/index.js' },
      { find: /^graphql\/([^.]+)$/, replacement: 'graphql/$1.js' },
    ],
  },
  ssr: { resolve: { conditions: ['development'] } },
  test: {
    include: [
      'packages/*/test/**/*.test.ts',
      'launcher/test/**/*.test.ts',
      'subgraphs/*/test/**/*.test.ts',
      'gateway/test/**/*.test.ts',
      'schema/test/**/*.test.ts',
      'bench/test/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    // The gate's fixtures fail on purpose; only the gate test runs them, in a vitest of their own.
    exclude:
      process.env.CITYHUB_GATE_FIXTURES === '1'
        ? []
        : ['**/node_modules/**', 'test/gate/fixtures/**'],
    globalSetup: ['test/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: 'forks',
    env: { APOLLO_TELEMETRY_DISABLED: '1' },
  },
});
