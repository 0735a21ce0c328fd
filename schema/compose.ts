import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SUPERGRAPH_FILE, composeSupergraph } from './compose-supergraph.js';

// `npm run compose`: rewrites schema/supergraph.graphql; a running gateway picks the change up.
try {
  const sdl = composeSupergraph();
  writeFileSync(SUPERGRAPH_FILE, sdl);
  process.stdout.write(`Wrote ${fileURLToPath(SUPERGRAPH_FILE)} (${sdl.length} characters).\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
