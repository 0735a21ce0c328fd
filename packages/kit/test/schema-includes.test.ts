import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Kind } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import {
  readSubgraphSdl,
  readSubgraphTypeDefs,
  subgraphSchemaFiles,
} from '../src/schema-includes.js';

const root = mkdtempSync(join(tmpdir(), 'cityhub-includes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(path: string, text: string): string {
  const file = join(root, path);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, text);
  return file;
}

describe("a subgraph schema's #include lines", () => {
  const shared = write('shared/jobs.graphql', '"A job."\ntype Job @shareable {\n  id: ID!\n}\n');
  const schema = write(
    'department/schema.graphql',
    'type Query {\n  job: Job\n}\n#include "../shared/jobs.graphql"\r\n# #include "not/a/line/of/its/own.graphql"\n',
  );

  it('stand for the files they name, relative to the including file', () => {
    expect(subgraphSchemaFiles(schema)).toEqual([pathToFileURL(schema), pathToFileURL(shared)]);
    const sdl = readSubgraphSdl(pathToFileURL(schema));
    expect(sdl).not.toContain('#include "../shared');
    expect(sdl).toContain('type Job @shareable');
    const names = readSubgraphTypeDefs(schema).definitions.flatMap((definition) =>
      definition.kind === Kind.OBJECT_TYPE_DEFINITION ? [definition.name.value] : [],
    );
    expect(names).toEqual(['Query', 'Job']);
  });

  it('are refused in an included file, and name a file that must exist', () => {
    write('department/nested.graphql', '#include "../shared/jobs.graphql"\n');
    const including = write('department/two-deep.graphql', '#include "nested.graphql"\n');
    expect(() => subgraphSchemaFiles(including)).toThrow('includes no other');
    const missing = write('department/missing.graphql', '#include "../nowhere.graphql"\n');
    expect(() => readSubgraphSdl(missing)).toThrow(/ENOENT/);
  });
});
