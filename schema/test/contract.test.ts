import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSubgraphSdl } from '@cityhub/kit/schema-includes';
import { describe, expect, it } from 'vitest';
import { API_SCHEMA_FILE, apiSchemaOf } from '../api-schema.js';
import { REPOSITORY_ROOT, SUPERGRAPH_FILE, composeSupergraph } from '../compose-supergraph.js';
import {
  RELEASED_API_SCHEMA_FILE,
  checkContract,
  describeContractFailure,
  readAcceptedChanges,
} from '../contract.js';
import { SUBGRAPHS } from '../subgraphs.js';

const released = readFileSync(RELEASED_API_SCHEMA_FILE, 'utf8');
const current = readFileSync(API_SCHEMA_FILE, 'utf8');

/** The API schema the subgraphs compose to with one department's SDL edited. */
function apiSchemaWith(subgraph: string, edit: (sdl: string) => string): string {
  const entries = SUBGRAPHS.map((entry) => {
    if (entry.name !== subgraph) return entry;
    const file = join(mkdtempSync(join(tmpdir(), 'cityhub-contract-')), 'schema.graphql');
    const sdl = readSubgraphSdl(new URL(entry.schemaFile, REPOSITORY_ROOT));
    const edited = edit(sdl);
    expect(edited).not.toBe(sdl);
    writeFileSync(file, edited);
    return { ...entry, schemaFile: file };
  });
  return apiSchemaOf(composeSupergraph(entries));
}

describe('the published API schema (schema/api-schema.graphql)', () => {
  it('is the committed supergraph without its join directives (run `npm run compose`)', () => {
    expect(current).toBe(apiSchemaOf(readFileSync(SUPERGRAPH_FILE, 'utf8')));
    expect(current).not.toMatch(/@join__|@link|join__Graph/);
  });

  it('has no breaking change against the last release that is not declared', async () => {
    const report = await checkContract(released, current, readAcceptedChanges());
    const failure = describeContractFailure(report);
    expect(failure, failure).toBe('');
  });
});

// Each edit is made to today's schema, so the check sees that edit alone.
describe('the contract check', () => {
  it('fails with a clear message when a department removes a field integrators use', async () => {
    const broken = apiSchemaWith('population', (sdl) =>
      sdl.replace(/\n\s*"""[^"]*"""\n\s*healthCode: HealthCodeStatus.*/, ''),
    );
    const report = await checkContract(current, broken);
    expect(report.undeclared.map((c) => [c.type, c.path])).toEqual([
      ['FIELD_REMOVED', 'Person.healthCode'],
    ]);
    const message = describeContractFailure(report);
    expect(message).toContain('1 breaking change(s)');
    expect(message).toContain('FIELD_REMOVED at Person.healthCode');
    expect(message).toContain('schema/released/accepted-changes.json');
  });

  it('fails when an argument becomes required, and passes once the change is declared', async () => {
    const broken = apiSchemaWith('population', (sdl) =>
      sdl.replace('person(idNumber: String!)', 'person(idNumber: String!, purpose: String!)'),
    );
    const undeclared = await checkContract(current, broken);
    expect(undeclared.undeclared.map((c) => [c.type, c.path])).toEqual([
      ['FIELD_ARGUMENT_ADDED', 'Query.person.purpose'],
    ]);
    const declared = await checkContract(current, broken, {
      accepted: [
        {
          type: 'FIELD_ARGUMENT_ADDED',
          path: 'Query.person.purpose',
          reason: 'Every lookup of a person states its purpose (announced 2026-12-01).',
        },
      ],
    });
    expect(describeContractFailure(declared)).toBe('');
    expect(declared.accepted).toHaveLength(1);
  });

  it('lets additions and reasoned deprecations through, and refuses a deprecation without a reason', async () => {
    const additive = apiSchemaWith('population', (sdl) =>
      sdl.replace(
        /^(\s*)healthCode: HealthCodeStatus(.*)$/m,
        '$1healthCode: HealthCodeStatus$2 @deprecated(reason: "Use healthCodeStatus instead.")\n$1healthCodeStatus: HealthCodeStatus$2',
      ),
    );
    const report = await checkContract(current, additive);
    expect(describeContractFailure(report)).toBe('');
    expect(report.safe.map((c) => c.path)).toContain('Person.healthCodeStatus');
    const unexplained = await checkContract(
      current,
      apiSchemaWith('population', (sdl) =>
        sdl.replace(/^(\s*healthCode: HealthCodeStatus.*)$/m, '$1 @deprecated'),
      ),
    );
    expect(describeContractFailure(unexplained)).toContain(
      'Deprecations must say what to use instead',
    );
  });
});
