import { clusterDown, clusterUp } from './cluster.js';

/** `npm run cluster:up` / `npm run cluster:down` (root: network namespaces). */
const command = process.argv[2];
if (process.getuid?.() !== 0) {
  process.stderr.write('cluster: needs root (it creates network namespaces)\n');
  process.exit(2);
}
if (command === 'up') await clusterUp({ preset: process.env.SEED_PRESET });
else if (command === 'down') await clusterDown((line) => process.stderr.write(`${line}\n`));
else {
  process.stderr.write('usage: cluster.ts up|down\n');
  process.exit(2);
}
