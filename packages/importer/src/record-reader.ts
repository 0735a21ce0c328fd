import { createReadStream } from 'node:fs';

/** One record of a department's file: where it starts (1-based line) and its fields by name. */
export interface SourceRecord {
  line: number;
  fields: Record<string, string>;
  /** Bytes of the file read so far, for progress. */
  bytesRead: number;
}

/** A line that could not even be read as a record (bad JSON, a stray quote). */
export class UnreadableRecord {
  constructor(
    readonly line: number,
    readonly reason: string,
    readonly bytesRead: number,
  ) {}
}

export type FileFormat = 'csv' | 'jsonl';

export function formatOfFile(path: string): FileFormat {
  if (/\.(jsonl|ndjson)$/i.test(path)) return 'jsonl';
  if (/\.csv$/i.test(path)) return 'csv';
  throw new Error(`${path}: the file must end in .csv, .jsonl or .ndjson`);
}

/** Reads a CSV (header line first, RFC 4180 quoting) or JSON Lines file record by record. */
export function readRecords(
  path: string,
  format: FileFormat = formatOfFile(path),
): AsyncGenerator<SourceRecord | UnreadableRecord> {
  return format === 'csv' ? readCsv(path) : readJsonLines(path);
}

async function* readJsonLines(path: string): AsyncGenerator<SourceRecord | UnreadableRecord> {
  let line = 0;
  let bytesRead = 0;
  for await (const text of physicalLines(path)) {
    line += 1;
    bytesRead += Buffer.byteLength(text) + 1;
    if (text.trim() === '') continue;
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      yield new UnreadableRecord(line, 'is not valid JSON', bytesRead);
      continue;
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      yield new UnreadableRecord(line, 'is not a JSON object', bytesRead);
      continue;
    }
    const fields: Record<string, string> = {};
    for (const [name, value] of Object.entries(parsed))
      if (value !== null && value !== undefined) fields[name] = String(value);
    yield { line, fields, bytesRead };
  }
}

async function* physicalLines(path: string): AsyncGenerator<string> {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    const lines = (rest + (chunk as string)).split('\n');
    rest = lines.pop()!;
    for (const text of lines) yield text.endsWith('\r') ? text.slice(0, -1) : text;
  }
  if (rest) yield rest;
}

/**
 * CSV by a small state machine rather than by lines: a quoted field may hold a comma, a doubled
 * quote or a line break, so a record's line number is where it starts.
 */
async function* readCsv(path: string): AsyncGenerator<SourceRecord | UnreadableRecord> {
  let header: string[] | null = null;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let afterQuote = false;
  let line = 1;
  let recordLine = 1;
  let bytesRead = 0;
  let broken: string | null = null;
  const finish = (): SourceRecord | UnreadableRecord | null => {
    fields.push(field);
    const values = fields;
    fields = [];
    field = '';
    afterQuote = false;
    const problem = broken;
    broken = null;
    if (values.length === 1 && values[0] === '') return null;
    if (!header) {
      header = values.map((name) => name.trim());
      return null;
    }
    if (problem) return new UnreadableRecord(recordLine, problem, bytesRead);
    if (values.length !== header.length)
      return new UnreadableRecord(
        recordLine,
        `has ${values.length} fields where the header has ${header.length}`,
        bytesRead,
      );
    const record: Record<string, string> = {};
    header.forEach((name, i) => {
      if (values[i] !== '') record[name] = values[i]!;
    });
    return { line: recordLine, fields: record, bytesRead };
  };
  let carry = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8' })) {
    bytesRead += Buffer.byteLength(chunk as string);
    const text = carry + (chunk as string);
    carry = '';
    let start = 0;
    let end = text.length;
    for (let i = 0; i < end; i++) {
      const c = text.charCodeAt(i);
      if (quoted) {
        if (c === 34 /* " */ && i === text.length - 1) {
          // A doubled quote may be split between two chunks: decide with the next one.
          carry = '"';
          end = i;
        } else if (c === 34) {
          field += text.slice(start, i);
          if (text.charCodeAt(i + 1) === 34) {
            field += '"';
            i++;
          } else {
            quoted = false;
            afterQuote = true;
          }
          start = i + 1;
        } else if (c === 10) line++;
        continue;
      }
      if (c === 44 /* , */ || c === 10 /* \n */) {
        field += text.slice(start, i);
        if (field.endsWith('\r')) field = field.slice(0, -1);
        if (c === 44) {
          fields.push(field);
          field = '';
          afterQuote = false;
        } else {
          const record = finish();
          if (record) yield record;
          line++;
          recordLine = line;
        }
        start = i + 1;
      } else if (c === 34) {
        if (field === '' && start === i && !afterQuote) quoted = true;
        else broken = 'has a quote inside an unquoted field';
        start = i + 1;
      } else if (afterQuote && c !== 13) {
        broken = 'has text after a closing quote';
      }
    }
    field += text.slice(start, end);
  }
  if (carry) quoted = false; // the file ended on a closing quote
  if (quoted) broken = 'ends inside a quoted field';
  const last = finish();
  if (last) yield last;
}
