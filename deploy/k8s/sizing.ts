/**
 * Pod sizes from the bench (bench/results/latest.md, 2026-11-29, district preset, 2 cores): the
 * gateway spent 0.42 ms of CPU per gate request at 1,688 req/s with a peak RSS of 412 MiB (tsx;
 * the built JavaScript is smaller); the whole stack 1.10 ms. To be re-measured by the per-core work
 * of issue "Capacity", and these figures with it.
 */
export interface PodSize {
  cpu: string;
  memory: string;
  memoryLimit: string;
  minReplicas: number;
  maxReplicas: number;
}

export const SIZES: Record<string, PodSize> = {
  // 1 core serves about 2,400 gate requests a second at 0.42 ms; 8,000 need 4 busy cores.
  gateway: { cpu: '1', memory: '512Mi', memoryLimit: '768Mi', minReplicas: 2, maxReplicas: 8 },
  // The population subgraph queried directly: 0.59 ms of machine CPU per gate request with
  // PostgreSQL and the load generator included, so at most ~2.4 s of CPU a second at 8,000 req/s
  // of its own; its RSS is not measured apart from the bench process (an estimate).
  population: { cpu: '1', memory: '384Mi', memoryLimit: '640Mi', minReplicas: 2, maxReplicas: 8 },
  // The other departments answer screens and the nightly run, not the gate: half a core each.
  department: {
    cpu: '500m',
    memory: '256Mi',
    memoryLimit: '512Mi',
    minReplicas: 2,
    maxReplicas: 4,
  },
};

/** Scale out when the pods' CPU passes this share of what they requested. */
export const TARGET_CPU_PERCENT = 70;
