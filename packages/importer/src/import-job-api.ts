import {
  BadUserInputError,
  ForbiddenError,
  SCOPES,
  hasScope,
  requireAuthenticated,
  type Caller,
  type Database,
} from '@cityhub/kit';
import { ImportJobStore, type ImportJobRow } from './import-job-store.js';

const MAX_JOBS = 100;
const MAX_REJECTIONS = 1_000;

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
 * The resolvers of a department's `<department>ImportJob(s)` and of the shared `ImportJob` type: the
 * department merges them into its own, so every department answers the same way.
 */
export function importJobResolvers(department: string) {
  const jobs = (context: { db: Database }) => new ImportJobStore(context.db);
  return {
    job: async (id: string, context: { db: Database; caller: Caller }) => {
      requireImportReader(context.caller, department);
      if (!/^\d{1,15}$/.test(id)) throw new BadUserInputError('id', 'must be an import job number');
      return (await jobs(context).byId(Number(id))) ?? null;
    },
    jobs: (
      args: { kind?: string | null; first?: number | null },
      context: { db: Database; caller: Caller },
    ) => {
      requireImportReader(context.caller, department);
      return jobs(context).latest(args.kind ?? null, limitOf(args.first, MAX_JOBS, 'first'));
    },
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
        jobs(context).rejections(
          row.id,
          limitOf(args.first ?? 100, MAX_REJECTIONS, 'first'),
          args.afterLine ?? null,
        ),
    },
  };
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
