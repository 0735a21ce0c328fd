import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse, type DocumentNode } from 'graphql';

/**
 * A line `#include "<path>"` in a subgraph's schema file (the path relative to that file) stands
 * for the definitions of the named file: types several departments share (marked `@shareable`, as
 * federation wants a type defined in more than one subgraph) are written once, beside the code
 * that resolves them, and each department includes them. An included file includes nothing more.
 */
const INCLUDE = /^#include[ \t]+"([^"]+)"[ \t]*\r?$/gm;

const includesOf = (file: URL) =>
  [...readFileSync(file, 'utf8').matchAll(INCLUDE)].map(([, path]) => new URL(path!, file));

/**
 * The files a subgraph's schema is made of: its own, then the ones it includes, in order. A path
 * is taken from the working directory.
 */
export function subgraphSchemaFiles(schemaFile: URL | string): URL[] {
  const file = typeof schemaFile === 'string' ? pathToFileURL(schemaFile) : schemaFile;
  const included = includesOf(file);
  for (const fragment of included)
    if (includesOf(fragment).length > 0)
      throw new Error(`${fileURLToPath(fragment)}: an included schema file includes no other`);
  return [file, ...included];
}

/**
 * A subgraph's SDL: its schema file with each `#include` line replaced by the file it names, so the
 * text stands on its own wherever it is written.
 */
export function readSubgraphSdl(schemaFile: URL | string): string {
  const [file, ...included] = subgraphSchemaFiles(schemaFile);
  let next = 0;
  return readFileSync(file!, 'utf8').replace(INCLUDE, () =>
    readFileSync(included[next++]!, 'utf8'),
  );
}

/** A subgraph's type definitions, includes and all: what it serves and what composition reads. */
export function readSubgraphTypeDefs(schemaFile: URL | string): DocumentNode {
  return parse(readSubgraphSdl(schemaFile));
}
