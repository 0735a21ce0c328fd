import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { API_SCHEMA_FILE, apiSchemaOf } from './api-schema.js';
import { SUPERGRAPH_FILE, composeSupergraph } from './compose-supergraph.js';

// `npm run compose`: rewrites schema/supergraph.graphql and the client-facing
// schema/api-schema.graphql; a running gateway picks the change up.
try {
  const sdl = composeSupergraph();
  writeFileSync(SUPERGRAPH_FILE, sdl);
  process.stdout.write(`Wrote ${fileURLToPath(SUPERGRAPH_FILE)} (${sdl.length} characters).\n`);
  const api = apiSchemaOf(sdl);
  writeFileSync(API_SCHEMA_FILE, api);
  process.stdout.write(`Wrote ${fileURLToPath(API_SCHEMA_FILE)} (${api.length} characters).\n`);
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n`);
  process.exit(1);
}
