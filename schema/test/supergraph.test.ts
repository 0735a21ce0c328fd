import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SUPERGRAPH_FILE, composeSupergraph } from '../compose-supergraph.js';

describe('the committed supergraph', () => {
  it('is what the subgraphs compose to today (run `npm run compose` after changing a schema)', () => {
    expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(composeSupergraph());
  });
});
