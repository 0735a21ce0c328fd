import {
  cpSync,
  existsSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The minimal working department every new one starts from (named `tmpl` inside). */
export const DEPARTMENT_TEMPLATE = fileURLToPath(
  new URL('./department-template/', import.meta.url),
);

const TOKEN = 'tmpl';

/** Lower-case letters and digits: the folder, the package, the PostgreSQL schema, the env prefix. */
export function departmentNameProblem(name: string): string | null {
  if (!/^[a-z][a-z0-9]{2,30}$/.test(name))
    return 'must be 3 to 31 lower-case letters or digits, starting with a letter';
  if (name.includes(TOKEN)) return `must not contain "${TOKEN}"`;
  return null;
}

export interface ScaffoldOptions {
  /** The repository (or a copy of its registry and subgraphs folder) to add the department to. */
  root: string;
  name: string;
  /** Its default port; by default one above the highest registered. */
  port?: number;
}

/**
 * `npm run department:new -- <name>`: copies the template to `subgraphs/<name>`, renaming it, and
 * adds the department's line to the registry (`schema/subgraphs.ts`). Returns the folder and port.
 */
export function scaffoldDepartment({ root, name, port }: ScaffoldOptions): {
  folder: string;
  port: number;
} {
  const problem = departmentNameProblem(name);
  if (problem) throw new Error(`Department name "${name}" ${problem}.`);
  const registryFile = join(root, 'schema', 'subgraphs.ts');
  const registry = readFileSync(registryFile, 'utf8');
  const registered = [...registry.matchAll(/\{ name: '([a-z0-9]+)', port: (\d+) \}/g)];
  if (registered.some(([, existing]) => existing === name))
    throw new Error(`Department "${name}" is registered already.`);
  const folder = join(root, 'subgraphs', name);
  if (existsSync(folder)) throw new Error(`${folder} exists already.`);
  const chosenPort = port ?? Math.max(4000, ...registered.map(([, , taken]) => Number(taken))) + 1;

  cpSync(DEPARTMENT_TEMPLATE, folder, { recursive: true });
  renameTokens(folder, name);
  const closing = registry.indexOf('];', registry.indexOf('const REGISTERED'));
  writeFileSync(
    registryFile,
    `${registry.slice(0, closing)}  { name: '${name}', port: ${chosenPort} },\n${registry.slice(closing)}`,
  );
  return { folder, port: chosenPort };
}

/** `tmpl`, `Tmpl` and `TMPL` become the department's name, in file contents and file names. */
function renameTokens(folder: string, name: string): void {
  const pascal = `${name[0]!.toUpperCase()}${name.slice(1)}`;
  const replace = (text: string) =>
    text
      .replaceAll(TOKEN.toUpperCase(), name.toUpperCase())
      .replaceAll(`${TOKEN[0]!.toUpperCase()}${TOKEN.slice(1)}`, pascal)
      .replaceAll(TOKEN, name);
  for (const entry of readdirSync(folder)) {
    const path = join(folder, entry);
    if (statSync(path).isDirectory()) renameTokens(path, name);
    else writeFileSync(path, replace(readFileSync(path, 'utf8')));
    if (entry.includes(TOKEN)) renameSync(path, join(folder, replace(entry)));
  }
}
