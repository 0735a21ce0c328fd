import { randomUUID } from 'node:crypto';
import type http from 'node:http';
import { readBody, sendJson, type InputProblem, type RouteHandler } from '@cityhub/kit';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { GatewayContext } from '../access/gateway-context.js';
import type { TrustedDocumentStore } from '../access/trusted-documents.js';
import { callerKey, type ExportJob, type ExportJobStore } from './export-job-store.js';
import type { ExportLinks } from './export-link.js';
import { checkExportRequest } from './export-request.js';

export interface ExportRoutesOptions {
  /** The caller of a request, verified and rate-limited exactly as for /graphql. */
  contextOf: (req: http.IncomingMessage) => Promise<GatewayContext>;
  documents: TrustedDocumentStore;
  store: ExportJobStore;
  links: ExportLinks;
  schema: () => GraphQLSchema | null;
  enqueue: (exportId: string) => Promise<void>;
  maxBodyBytes: number;
}

/**
 * `POST /exports` {documentId, variables} starts a job (202 and its status);
 * `GET /exports/status?id=` its progress and, once done, a signed download link that expires;
 * `GET /exports/download?token=` the CSV. Only the caller who started a job sees or downloads it.
 */
export function exportRoutes(options: ExportRoutesOptions) {
  const start: RouteHandler = async (req, res) => {
    const context = await signedIn(req, res);
    if (!context) return;
    const text = await readBody(req, options.maxBodyBytes);
    let body: unknown;
    try {
      body = JSON.parse(text ?? '');
    } catch {
      return refuse(res, text === null ? 413 : 400, 'BAD_REQUEST', 'The body must be JSON.');
    }
    const checked = await checkExportRequest(body, {
      documents: options.documents,
      apiKey: context.apiKey,
      schema: options.schema(),
    });
    if ('problems' in checked)
      return refuse(
        res,
        checked.status,
        checked.code,
        problemsMessage(checked.problems),
        checked.problems,
      );
    const id = randomUUID();
    await options.store.create({
      id,
      caller: context.caller,
      apiKeyId: context.apiKey?.id ?? null,
      documentId: checked.document.documentId,
      operationName: checked.document.operationName,
      variables: checked.variables,
    });
    await options.enqueue(id);
    sendJson(res, 202, await statusOf((await options.store.byId(id))!, options.links));
  };

  const status: RouteHandler = async (req, res) => {
    const context = await signedIn(req, res);
    if (!context) return;
    const id = new URL(req.url ?? '/', 'http://gateway').searchParams.get('id') ?? '';
    const job = /^[0-9a-f-]{36}$/.test(id) ? await options.store.byId(id) : null;
    // Another caller's job is as unknown as a job that never was.
    if (!job || job.callerId !== callerKey(context.caller))
      return refuse(res, 404, 'NOT_FOUND', 'No export of yours has that id.');
    sendJson(res, 200, await statusOf(job, options.links));
  };

  const download: RouteHandler = async (req, res) => {
    const token = new URL(req.url ?? '/', 'http://gateway').searchParams.get('token') ?? '';
    const link = await options.links.check(token);
    if (!link.ok)
      return refuse(res, link.code === 'EXPORT_LINK_EXPIRED' ? 410 : 400, link.code, link.message);
    const context = await signedIn(req, res);
    if (!context) return;
    if (link.owner !== callerKey(context.caller))
      return refuse(res, 403, 'FORBIDDEN', 'This export belongs to another caller.');
    const job = await options.store.byId(link.jobId);
    if (!job || job.state !== 'done' || !job.expiresAt || job.expiresAt.getTime() <= Date.now())
      return refuse(
        res,
        410,
        'EXPORT_LINK_EXPIRED',
        'This export has expired and its file is removed.',
      );
    res.writeHead(200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${job.operationName ?? 'export'}.csv"`,
      'cache-control': 'no-store',
    });
    for await (const chunk of options.store.chunks(job.id))
      if (!res.write(chunk)) await new Promise((resolve) => res.once('drain', resolve));
    res.end();
  };

  /** The request's caller, or null once refused: credentials wrong, or nobody (an export has an owner). */
  async function signedIn(req: http.IncomingMessage, res: http.ServerResponse) {
    try {
      const context = await options.contextOf(req);
      if (context.caller.kind !== 'anonymous') return context;
      refuse(res, 401, 'UNAUTHENTICATED', 'Exports need a token or an API key.');
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      const http = error.extensions.http as { status?: number } | undefined;
      refuse(
        res,
        http?.status ?? 401,
        String(error.extensions.code ?? 'UNAUTHENTICATED'),
        error.message,
      );
    }
    return null;
  }

  return {
    getRoutes: { '/exports/status': status, '/exports/download': download },
    postRoutes: { '/exports': start },
  };
}

async function statusOf(job: ExportJob, links: ExportLinks) {
  const downloadable =
    job.state === 'done' && job.expiresAt && job.expiresAt.getTime() > Date.now();
  return {
    id: job.id,
    operationName: job.operationName,
    state: job.state,
    rowsDone: job.rowsDone,
    rowsTotal: job.state === 'done' ? job.rowsDone : job.rowsTotal,
    error: job.error,
    createdAt: job.createdAt.toISOString(),
    finishedAt: job.finishedAt?.toISOString() ?? null,
    expiresAt: job.expiresAt?.toISOString() ?? null,
    statusUrl: `/exports/status?id=${job.id}`,
    downloadUrl: downloadable
      ? `/exports/download?token=${await links.sign(job.id, job.callerId, job.expiresAt!)}`
      : null,
  };
}

function problemsMessage(problems: InputProblem[]): string {
  return `Invalid export (${problems.length} problem(s)): ${problems.map((p) => `${p.field}: ${p.reason}`).join('; ')}.`;
}

function refuse(
  res: http.ServerResponse,
  status: number,
  code: string,
  message: string,
  problems?: InputProblem[],
) {
  sendJson(res, status, {
    errors: [{ message, extensions: { code, ...(problems && { problems }) } }],
  });
}
