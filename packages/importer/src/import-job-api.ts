import {
  BadUserInputError,
  ForbiddenError,
  SCOPES,
  hasScope,
  requireAuthenticated,
  type AnswerScope,
  type Caller,
  type Database,
} from '@cityhub/kit';
import { ImportJobStore, type ImportJobRow } from './import-job-store.js';

const MAX_JOBS = 100;
const MAX_REJECTIONS = 1_000;

/** What the import job resolvers need of a department's context. */
export interface ImportJobContext {
  db: Database;
  caller: Caller;
  audit: { answerScope: AnswerScope };
}

/**
 * Checks the caller, and keeps the answer out of the gateway's shared response cache: a job's
 * progress moves with no event the cache hears of (the command line writes it), so an answer kept
 * for the TTL would show a running import frozen. Answered per caller, it is read fresh each time.
 */
function openJobs(context: ImportJobContext, department: string): ImportJobStore {
  requireImportReader(context.caller, department);
  context.audit.answerScope.markPerCaller();
  return new ImportJobStore(context.db);
}

type JobField = (
  parent: unknown,
  args: { id: string },
  context: ImportJobContext,
) => Promise<ImportJobRow | null>;
type JobsField = (
  parent: unknown,
  args: { kind?: string | null; first?: number | null },
  context: ImportJobContext,
) => Promise<ImportJobRow[]>;

/** A department's two root fields, named after it: `<department>ImportJob`, `<department>ImportJobs`. */
export type ImportJobQueries<D extends string> = { [K in `${D}ImportJob`]: JobField } & {
  [K in `${D}ImportJobs`]: JobsField;
};

/**
 * Import jobs are read by the owning department's data officers (imports:read-own, with their
 * department in the token) and by administrators (imports:read); anyone else is refused.
 */
export function requireImportReader(caller: Caller, department: string): void {
  requireAuthenticated(caller);
  if (hasScope(caller, SCOPES.importsRead)) return;
  if (hasScope(caller, SCOPES.importsReadOwn) && caller.department === department) return;
  throw new ForbiddenError(
    `The import jobs of ${department} are read by its own data officers only.`,
    { department },
  );
}

function limitOf(first: number | null | undefined, max: number, argument: string): number {
  const limit = first ?? 20;
  if (!Number.isInteger(limit) || limit < 1 || limit > max)
    throw new BadUserInputError(argument, `must be between 1 and ${max}`);
  return limit;
}

/**
 * The resolvers of the shared `ImportJob` types (src/import-jobs.graphql) and of a department's
 * `<department>ImportJob(id)` and `<department>ImportJobs` over the jobs in its own schema: the
 * department merges them into its own, so every department answers, and refuses, the same way.
 */
export function importJobResolvers<D extends string>(department: D) {
  const job: JobField = async (_parent, { id }, context) => {
    const jobs = openJobs(context, department);
    if (!/^\d{1,15}$/.test(id)) throw new BadUserInputError('id', 'must be an import job number');
    return (await jobs.byId(Number(id))) ?? null;
  };
  const latest: JobsField = async (_parent, args, context) =>
    openJobs(context, department).latest(args.kind ?? null, limitOf(args.first, MAX_JOBS, 'first'));
  return {
    Query: {
      [`${department}ImportJob`]: job,
      [`${department}ImportJobs`]: latest,
    } as ImportJobQueries<D>,
    ImportJob: {
      id: (row: ImportJobRow) => String(row.id),
      department: () => department,
      fileName: (row: ImportJobRow) => row.file_name,
      contentHash: (row: ImportJobRow) => row.content_hash,
      startedBy: (row: ImportJobRow) => row.started_by,
      startedAt: (row: ImportJobRow) => row.started_at,
      finishedAt: (row: ImportJobRow) => row.finished_at,
      fractionRead: (row: ImportJobRow) =>
        row.status === 'DONE' ? 1 : row.bytes_read / Math.max(row.bytes_total, 1),
      rowsRead: (row: ImportJobRow) => row.rows_read,
      rowsTotal,
      rowsRejected: (row: ImportJobRow) => row.rows_rejected,
      rowsInserted: (row: ImportJobRow) => row.rows_inserted,
      rowsUpdated: (row: ImportJobRow) => row.rows_updated,
      rowsUnchanged: (row: ImportJobRow) => row.rows_unchanged,
      rowsPerSecond: (row: ImportJobRow) => row.rows_per_second ?? liveRate(row).rowsPerSecond,
      etaSeconds: (row: ImportJobRow) => (row.status === 'STAGING' ? liveRate(row).eta : null),
      rejections: (
        row: ImportJobRow,
        args: { first?: number | null; afterLine?: number | null },
        context: { db: Database },
      ) =>
        new ImportJobStore(context.db).rejections(
          row.id,
          limitOf(args.first ?? 100, MAX_REJECTIONS, 'first'),
          args.afterLine ?? null,
        ),
    },
  };
}

/** Exact once the whole file is read; before, the records so far scaled by the share of bytes read. */
function rowsTotal(row: ImportJobRow): number | null {
  if (row.status === 'DONE' || row.bytes_read >= row.bytes_total) return row.rows_read;
  if (row.bytes_read === 0) return null;
  return Math.round((row.rows_read * row.bytes_total) / row.bytes_read);
}

/** The rate so far of a job still staging, from its last progress mark. */
function liveRate(row: ImportJobRow): { rowsPerSecond: number | null; eta: number | null } {
  const seconds = (row.updated_at.getTime() - row.started_at.getTime()) / 1000;
  if (seconds <= 0 || row.bytes_read === 0) return { rowsPerSecond: null, eta: null };
  return {
    rowsPerSecond: Math.round(row.rows_read / seconds),
    eta: Math.round(((row.bytes_total - row.bytes_read) / row.bytes_read) * seconds),
  };
}
