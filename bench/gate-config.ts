import { parseConfig } from '@cityhub/kit';
import { DEFAULT_SEED, PRESETS, type PresetName } from '@cityhub/synthetic-city';
import { z } from 'zod';
import { REPOSITORY_ROOT } from './bench-config.js';

const flag = z
  .enum(['0', '1', 'true', 'false'])
  .default('0')
  .transform((value) => value === '1' || value === 'true');

/** Settings of `npm run bench:gate`, read once at start. */
export const gateEnvironment = z.object({
  BENCH_PRESET: z.enum(Object.keys(PRESETS) as [PresetName, ...PresetName[]]).default('demo'),
  SEED: z.coerce.number().int().default(DEFAULT_SEED),
  BENCH_DURATION: z.coerce.number().int().min(1).max(600).default(15),
  BENCH_WARMUP: z.coerce.number().int().min(0).max(120).default(5),
  BENCH_CONNECTIONS: z.coerce.number().int().min(1).max(1_000).default(50),
  /** wrk's threads: one is enough for tens of thousands of requests a second and leaves the server its cores. */
  BENCH_WRK_THREADS: z.coerce.number().int().min(1).max(16).default(1),
  BENCH_ROUNDS: z.coerce.number().int().min(1).max(10).default(2),
  /** Levers to switch (names from bench/levers.ts, comma-separated); `all` or `none`. */
  BENCH_LEVERS: z.string().default('all'),
  BENCH_SKIP_HIVE: flag,
  /** Also profile the gateway and population (--cpu-prof) under the gate load, levers on, after the measured runs. */
  BENCH_CPU_PROF: flag,
  /** Keep verified tokens in the peer's plugin as ours does (1), or verify on every subgraph fetch (0). */
  BENCH_PEER_TOKEN_CACHE: z.enum(['0', '1']).default('1'),
  /** ID numbers the gate asks for, drawn from the seeded city. */
  BENCH_GATE_PEOPLE: z.coerce.number().int().min(1).max(1_000_000).default(20_000),
  BENCH_GATE_POSTGRES_DIR: z.string().optional(),
  BENCH_RESULTS_DIR: z.string().default(`${REPOSITORY_ROOT}bench/results`),
});

export type GateConfig = z.infer<typeof gateEnvironment>;

export function gateConfig(env: NodeJS.ProcessEnv = process.env): GateConfig {
  return parseConfig(gateEnvironment, env);
}

/** The embedded PostgreSQL of the gate bench, one per preset, kept so that each preset is seeded once. */
export function gatePostgresDir(config: GateConfig): string {
  return (
    config.BENCH_GATE_POSTGRES_DIR ?? `${REPOSITORY_ROOT}.data/bench-gate-${config.BENCH_PRESET}`
  );
}
