import type http from 'node:http';
import {
  Kind,
  parse,
  type DocumentNode,
  type FragmentDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { headerValue, sendJson, type RouteHandler } from '@cityhub/kit';
import type { TrustedDocumentStore } from './access/trusted-documents.js';

/**
 * `GET /export.csv?documentId=<id>&variables=<json>`: a registered operation's answer as CSV, for
 * a spreadsheet or a BI tool. The operation runs through the gateway's own `/graphql` with the
 * caller's credentials, so every rule (API keys, registered-only keys, scopes, disclosure, audit,
 * rate limits) holds as for any request. Columns are the document's leaf fields in the order the
 * document selects them (dotted paths), so the column order never depends on the data; nested lists
 * are unnested into one row per innermost item, its parents' fields repeated.
 */
export function csvExportRoute(options: {
  documents: TrustedDocumentStore;
  graphqlUrl: () => string;
}): RouteHandler {
  return async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const documentId = url.searchParams.get('documentId') ?? '';
    const registered = await options.documents.findAny(documentId);
    if (!registered)
      return refuse(res, 404, 'PERSISTED_QUERY_NOT_FOUND', 'No registered document has that id.');
    const document = parse(registered.document);
    const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
    if (operation?.kind !== Kind.OPERATION_DEFINITION || operation.operation !== 'query')
      return refuse(res, 400, 'BAD_REQUEST', 'Only queries can be exported.');
    const answer = await fetch(`${options.graphqlUrl()}?${url.searchParams}`, {
      headers: forwardedHeaders(req),
    });
    const body = (await answer.json()) as { data?: unknown; errors?: unknown[] };
    if (!answer.ok || body.errors?.length || !body.data)
      return sendJson(res, answer.ok ? 400 : answer.status, body);
    const columns = leafPaths(operation.selectionSet, fragmentsOf(document));
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${registered.operationName ?? 'export'}.csv"`,
      'cache-control': 'no-store',
    });
    res.write(csvHeader(columns));
    for (const row of rowsOf(body.data)) {
      const line = csvLine(columns.map((path) => row.get(path.join('.'))));
      // Streamed: a slow reader holds the rows back instead of the gateway buffering the file.
      if (!res.write(line)) await new Promise((resolve) => res.once('drain', resolve));
    }
    res.end();
  };
}

function refuse(res: http.ServerResponse, status: number, code: string, message: string) {
  sendJson(res, status, { errors: [{ message, extensions: { code } }] });
}

// The credentials and purpose travel with the export; the preflight header CSRF prevention asks of a GET.
function forwardedHeaders(req: http.IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = { 'apollo-require-preflight': 'true' };
  for (const name of ['authorization', 'x-api-key', 'x-purpose', 'x-forwarded-for']) {
    const value = headerValue(req.headers[name]);
    if (value !== undefined) headers[name] = value;
  }
  return headers;
}

export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  return new Map(
    document.definitions.flatMap((d) =>
      d.kind === Kind.FRAGMENT_DEFINITION ? [[d.name.value, d] as const] : [],
    ),
  );
}

/** Every leaf field's path of response keys (aliases included), in document order. */
export function leafPaths(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  prefix: string[] = [],
): string[][] {
  const paths: string[][] = [];
  const seen = new Set<string>();
  const add = (path: string[]) => {
    const key = path.join('.');
    if (!seen.has(key)) (seen.add(key), paths.push(path));
  };
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const path = [...prefix, (selection.alias ?? selection.name).value];
      if (selection.name.value === '__typename' && prefix.length === 0) continue;
      if (selection.selectionSet) leafPaths(selection.selectionSet, fragments, path).forEach(add);
      else add(path);
    } else {
      const set =
        selection.kind === Kind.INLINE_FRAGMENT
          ? selection.selectionSet
          : fragments.get(selection.name.value)?.selectionSet;
      if (set) leafPaths(set, fragments, prefix).forEach(add);
    }
  }
  return paths;
}

/**
 * The answer as flat rows: leaves keyed by their dotted path. A list multiplies the rows (one per
 * item, unnested); sibling lists multiply each other; a null object leaves its columns empty.
 */
export function rowsOf(value: unknown, prefix = ''): Array<Map<string, unknown>> {
  if (Array.isArray(value)) return value.flatMap((item) => rowsOf(item, prefix));
  if (value === null || typeof value !== 'object') return [new Map([[prefix, value]])];
  let rows: Array<Map<string, unknown>> = [new Map()];
  for (const [key, child] of Object.entries(value)) {
    const childRows = rowsOf(child, prefix ? `${prefix}.${key}` : key);
    if (childRows.length === 0) return [];
    rows = rows.flatMap((row) => childRows.map((childRow) => new Map([...row, ...childRow])));
  }
  return rows;
}

/** The header row of dotted paths, after a byte-order mark so that spreadsheets read UTF-8. */
export function csvHeader(columns: string[][]): string {
  return `\uFEFF${csvLine(columns.map((path) => path.join('.')))}`;
}

/** One CSV record (RFC 4180): fields with a comma, quote or line break quoted, quotes doubled. */
export function csvLine(values: unknown[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  // A leading = + - @ would be run as a formula by spreadsheets: quoted with a leading apostrophe.
  const safe = /^[=+\-@\t\r]/.test(text) && Number.isNaN(Number(text)) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) || safe !== text ? `"${safe.replace(/"/g, '""')}"` : safe;
}
