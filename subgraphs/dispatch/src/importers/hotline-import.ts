import { InputProblems } from '@cityhub/kit';
import { enumField, optional, type Fields, type ImportMapping } from '@cityhub/importer';
import type { Knex } from 'knex';
import { openOrder } from '../managers/intake.js';
import {
  hotlineCallProblems,
  hotlineRequest,
  type HotlineCallInput,
} from '../managers/intake-manager.js';
import { MAX_TEXT, MAX_TITLE, textProblem } from '../managers/order-input.js';
import { RoutingStore } from '../repositories/routing-store.js';
import { WorkOrderStore } from '../repositories/work-order-store.js';
import { CATEGORIES, PRIORITIES, type Category, type Priority } from '../routing.js';

const STAGE = 'import_stage_hotline_calls';
/** The file's column for each field the hotline mutation's rules name. */
const FILE_FIELD: Record<string, string> = {
  'input.callId': 'call_id',
  'input.streetCode': 'street_code',
  'input.communityCode': 'community_code',
  'input.callerPhone': 'caller_phone',
  'input.callerName': 'caller_name',
  'input.text': 'text',
  'input.location': 'location',
};
const COLUMNS = [
  'call_id',
  'category',
  'priority',
  'text',
  'street_code',
  'community_code',
  'location',
  'caller_phone',
  'caller_name',
];
type StagedCall = Record<(typeof COLUMNS)[number], string | null>;

/**
 * The citizen hotline's records (12345) from its own system: each call becomes a work order through
 * the department's intake (routing, first step, event), one order per call id however often it is
 * loaded. File fields: call_id, category, priority (optional, NORMAL), text, street_code,
 * community_code (optional), location, caller_phone, caller_name (optional).
 */
export function hotlineImport(): ImportMapping {
  return {
    kind: 'hotline-calls',
    stagingTable: STAGE,
    columns: COLUMNS,
    key: 'call_id',
    read(fields, problems) {
      const category = enumField(fields, 'category', problems, CATEGORIES);
      const priority = optional(fields, 'priority', problems, (f, name, p) =>
        enumField(f, name, p, PRIORITIES),
      );
      const call = callOf(fields, category!, priority ?? null);
      const form = new InputProblems();
      hotlineCallProblems(call, form);
      form.add('input.text', textProblem(call.text, MAX_TEXT));
      form.add('input.location', textProblem(call.location, MAX_TITLE));
      for (const { field, reason } of form.list) problems.add(FILE_FIELD[field] ?? field, reason);
      if (problems.list.length > 0) return null;
      const request = hotlineRequest(call);
      return [
        call.callId,
        request.category,
        request.priority,
        request.description,
        request.streetCode,
        request.communityCode,
        request.location,
        request.callerPhone,
        request.callerName,
      ];
    },
    async merge(trx: Knex.Transaction, jobId: number) {
      const staged = (await trx(STAGE)
        .comment('dispatch.stagedHotlineCalls')
        .select(COLUMNS)
        .where({ job_id: jobId })
        .orderBy('line')) as StagedCall[];
      const deps = {
        orders: new WorkOrderStore(trx),
        routing: new RoutingStore(trx),
        now: () => new Date(),
      };
      let inserted = 0;
      for (const row of staged) {
        const call = callOf(row as Fields, row.category as Category, row.priority as Priority);
        const { created } = await openOrder(trx, deps, hotlineRequest(call), `import:${jobId}`);
        if (created) inserted += 1;
      }
      return { inserted, updated: 0 };
    },
  };
}

function callOf(
  fields: Partial<Fields>,
  category: Category,
  priority: Priority | null,
): HotlineCallInput {
  return {
    callId: fields.call_id?.trim() ?? '',
    category,
    priority,
    text: fields.text ?? '',
    streetCode: fields.street_code?.trim() ?? '',
    communityCode: fields.community_code?.trim() || null,
    location: fields.location ?? '',
    callerPhone: fields.caller_phone?.trim() ?? '',
    callerName: fields.caller_name?.trim() || null,
  };
}
