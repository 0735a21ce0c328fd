import type { ApolloServer } from '@apollo/server';
import { parse } from 'graphql';
import type { ApiKeyStore } from '../access/api-key-store.js';
import type { GatewayContext } from '../access/gateway-context.js';
import type { TrustedDocumentStore } from '../access/trusted-documents.js';
import { csvHeader, csvLine, fragmentsOf, leafPaths, rowsOf } from '../csv-export.js';
import { operationOf } from './export-request.js';
import type { ExportJob, ExportJobStore } from './export-job-store.js';
import { AnswerTrace } from '../response-cache/answer-trace.js';

/** A refusal of the export itself (revoked key, the operation's own errors): not retried. */
export class ExportFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The gateway stopped during the job: it is queued again and rerun from the start. */
export class ExportInterrupted extends Error {}

/** At most this many pages: a cursor that never ends must not keep a worker forever. */
const MAX_PAGES = 10_000;

export interface ExportRunnerOptions {
  apollo: ApolloServer<GatewayContext>;
  documents: TrustedDocumentStore;
  apiKeys: ApiKeyStore | null;
  store: ExportJobStore;
}

/**
 * Runs an export: the registered query through the gateway's own pipeline (trusted documents,
 * cost, every subgraph's access rules, disclosure, masking and audit) as the caller who started
 * it, page after page when the document declares `$after` and selects `pageInfo`, one chunk of
 * CSV per page, its progress written with each chunk.
 */
export async function runExport(
  job: ExportJob,
  options: ExportRunnerOptions,
  signal: AbortSignal,
): Promise<void> {
  const registered = await options.documents.findAny(job.documentId);
  if (!registered) throw new ExportFailure('PERSISTED_QUERY_NOT_FOUND', 'The document is gone.');
  const operation = operationOf(registered.document)!;
  const columns = leafPaths(operation.selectionSet, fragmentsOf(parse(registered.document)));
  const contextValue = await contextOf(job, options.apiKeys);
  const pages = operation.variableDefinitions?.some((d) => d.variable.name.value === 'after');
  await options.store.start(job.id);
  let variables = job.variables;
  let rowsDone = 0;
  for (let seq = 0; seq < MAX_PAGES; seq++) {
    if (signal.aborted) throw new ExportInterrupted();
    const response = await options.apollo.executeOperation<Record<string, unknown>>(
      { query: registered.document, variables, operationName: operation.name?.value },
      { contextValue },
    );
    if (response.body.kind !== 'single') throw new ExportFailure('BAD_REQUEST', 'Not a query.');
    const { data, errors } = response.body.singleResult;
    if (errors?.length || !data)
      throw new ExportFailure(
        String(errors?.[0]?.extensions?.code ?? 'INTERNAL_SERVER_ERROR'),
        errors?.[0]?.message ?? 'The operation answered nothing.',
      );
    const rows = rowsOf(data);
    const connection = pagedConnection(data);
    rowsDone += rows.length;
    const total = typeof connection?.totalCount === 'number' ? connection.totalCount : null;
    const lines = rows.map((row) => csvLine(columns.map((path) => row.get(path.join('.')))));
    await options.store.appendChunk(
      job.id,
      seq,
      (seq === 0 ? csvHeader(columns) : '') + lines.join(''),
      rowsDone,
      total,
    );
    const next = connection?.pageInfo;
    if (!pages || !next?.hasNextPage || typeof next.endCursor !== 'string') return;
    variables = { ...variables, after: next.endCursor };
  }
}

/** The caller as verified at the start; a key revoked or expired since stops the export. */
async function contextOf(job: ExportJob, apiKeys: ApiKeyStore | null): Promise<GatewayContext> {
  const answer = new AnswerTrace();
  if (!job.apiKeyId)
    return { caller: job.caller, registeredOperationsOnly: false, apiKey: null, answer };
  const key = await apiKeys?.byId(job.apiKeyId);
  const live = key && !key.revokedAt && (!key.expiresAt || key.expiresAt.getTime() > Date.now());
  if (!key || !live)
    throw new ExportFailure(
      'UNAUTHENTICATED',
      'The API key that started this export is no longer valid.',
    );
  return {
    caller: job.caller,
    registeredOperationsOnly: key.registeredOperationsOnly,
    apiKey: key,
    answer,
  };
}

interface Connection {
  totalCount?: unknown;
  pageInfo?: { hasNextPage?: unknown; endCursor?: unknown };
}

/** The first object in the answer that selects `pageInfo` (depth first): the list being paged. */
function pagedConnection(value: unknown): Connection | null {
  if (value === null || typeof value !== 'object') return null;
  if (Array.isArray(value)) return null;
  if ('pageInfo' in value) return value as Connection;
  for (const child of Object.values(value)) {
    const found = pagedConnection(child);
    if (found) return found;
  }
  return null;
}
